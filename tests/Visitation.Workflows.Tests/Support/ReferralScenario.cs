using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Tests.Support;

/// <summary>
/// One synthetic municipality: a district school with one child and its guardian, a neighbouring school,
/// an autumn and a winter round and one special offer, plus one actor of every role, each either in
/// scope for the child's referral or deliberately out of it. Every step runs at a fixed time.
/// </summary>
public sealed class ReferralScenario
{
    public static readonly RuleSet CurrentRules = RuleSetCatalog.LoadEmbedded().Get("2026.1");

    // The calendar of the autumn round 2026 and the steps taken in it.
    public static readonly DateTimeOffset StartedAt = Times.At(2026, 9, 1);
    public static readonly DateTimeOffset SubmittedAt = Times.At(2026, 9, 10);
    public static readonly DateTimeOffset AssignedAt = Times.At(2026, 9, 20);
    public static readonly DateTimeOffset AutumnReferralDeadline = Times.At(2026, 10, 1, 12);
    public static readonly DateTimeOffset AutumnTriageMeeting = Times.At(2026, 10, 8);
    public static readonly DateTimeOffset OnAgendaAt = Times.At(2026, 10, 9);
    public static readonly DateTimeOffset AutumnCommitteeMeeting = Times.At(2026, 10, 15, 10);
    public static readonly DateOnly PlacementStart = new(2026, 11, 2);

    public Guid SchoolId { get; } = Ids.Of(101);
    public Guid OtherSchoolId { get; } = Ids.Of(102);
    public Guid OfferId { get; } = Ids.Of(201);
    public Guid OtherOfferId { get; } = Ids.Of(202);
    public Guid GuardianId { get; } = Ids.Of(301);

    public ReferralWorkflow Workflow { get; }
    public Child Child { get; }
    public Child NeighboursChild { get; }
    public SpecialOffer Offer { get; }
    public VisitationRound AutumnRound { get; }
    public VisitationRound WinterRound { get; }

    public Actor SchoolLeader { get; }
    public Actor OtherSchoolLeader { get; }
    public Actor Committee { get; }
    public Actor Guardian { get; }
    public Actor OtherGuardian { get; }
    public Actor Psychologist { get; }
    public Actor OtherPsychologist { get; }
    public Actor OfferLeader { get; }
    public Actor Admin { get; }

    public ReferralScenario(ReferralWorkflow? workflow = null)
    {
        Workflow = workflow ?? new ReferralWorkflowV1();
        var random = new Random(2026);
        Child = new Child(Ids.Of(1), "Testbarn Syntetisk", CprNumber.Synthetic(new DateOnly(2016, 3, 14), random), SchoolId, [GuardianId]);
        NeighboursChild = new Child(Ids.Of(2), "Nabobarn Syntetisk", CprNumber.Synthetic(new DateOnly(2015, 6, 2), random), SchoolId, [Ids.Of(302)]);
        Offer = new SpecialOffer(OfferId, "Testklassen (syntetisk)", OfferCategory.Specialtilbud1, OtherSchoolId, 12);
        AutumnRound = new VisitationRound(Ids.Of(401), "Efterår 2026", RoundKind.Regular,
            AutumnReferralDeadline, AutumnTriageMeeting, AutumnCommitteeMeeting);
        WinterRound = new VisitationRound(Ids.Of(402), "Vinter 2027", RoundKind.Regular,
            Times.At(2027, 1, 10, 12), Times.At(2027, 1, 17), Times.At(2027, 1, 24, 10));

        SchoolLeader = Actor.SchoolLeader(Ids.Of(501), "Skoleleder Syntetisk", SchoolId);
        OtherSchoolLeader = Actor.SchoolLeader(Ids.Of(502), "Anden Skoleleder", OtherSchoolId);
        Committee = Actor.Committee(Ids.Of(503), "Udvalgsmedlem Syntetisk");
        Guardian = Actor.GuardianOf(Ids.Of(504), "Forælder Syntetisk", Child.Id);
        OtherGuardian = Actor.GuardianOf(Ids.Of(505), "Anden Forælder", NeighboursChild.Id);
        Psychologist = Actor.PsychologistFor(Ids.Of(506), "Psykolog Syntetisk", SchoolId);
        OtherPsychologist = Actor.PsychologistFor(Ids.Of(507), "Anden Psykolog", OtherSchoolId);
        OfferLeader = Actor.OfferLeaderOf(Ids.Of(508), "Tilbudsleder Syntetisk", OfferId);
        Admin = Actor.Admin(Ids.Of(509), "Administrator Syntetisk");
    }

    public static IReadOnlyList<ReferralPartType> AllParts { get; } = Enum.GetValues<ReferralPartType>();

    /// <summary>What a school leader states for an uploaded PPV: issuer and date, marked final.</summary>
    public static readonly ExternalPpv ExternalStatement = new("PPR, Nabokommunen (syntetisk)", new DateOnly(2026, 8, 20));

    /// <summary>The statement an upload of <paramref name="part"/> needs: <see cref="ExternalStatement"/> for the PPV, none for the rest.</summary>
    public static ExternalPpv? ExternalFor(ReferralPartType part) => part == ReferralPartType.PPV ? ExternalStatement : null;

    public static StoredFileInfo File(ReferralPartType part) =>
        new(Guid.NewGuid(), $"{part}.pdf", "application/pdf", 2048, new string('a', 64));

    /// <summary>The actor of <paramref name="role"/>, either covering this scenario's referral or not.</summary>
    public Actor ActorFor(Role role, bool inScope) => role switch
    {
        Role.CommitteeMember => Committee,
        Role.DistrictSchoolLeader => inScope ? SchoolLeader : OtherSchoolLeader,
        Role.Psychologist => inScope ? Psychologist : OtherPsychologist,
        Role.OfferLeader => inScope ? OfferLeader : Actor.OfferLeaderOf(Ids.Of(510), "Anden Tilbudsleder", OtherOfferId),
        Role.Guardian => inScope ? Guardian : OtherGuardian,
        Role.Administrator => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public Referral Draft(params ReferralPartType[] parts)
    {
        var referral = Workflow.Start(Ids.Of(601), Child, SchoolLeader, CurrentRules, StartedAt);
        foreach (var part in parts)
            Workflow.AttachDocument(referral, SchoolLeader, part, File(part), StartedAt.AddDays(1), external: ExternalFor(part));
        return referral;
    }

    public Referral Incomplete(params ReferralPartType[] parts) => Submitted(parts);

    public Referral Complete() => Submitted(AllParts.ToArray());

    /// <summary>Drafts with <paramref name="parts"/> and submits; the workflow decides whether that is complete.</summary>
    public Referral Submitted(params ReferralPartType[] parts)
    {
        var referral = Draft(parts);
        Workflow.Submit(referral, SchoolLeader, CurrentRules, SubmittedAt);
        return referral;
    }

    public Referral AssignedToRound(params ReferralPartType[] parts)
    {
        var referral = parts.Length == 0 ? Complete() : Submitted(parts);
        Workflow.AssignToRound(referral, Committee, AutumnRound, AssignedAt);
        return referral;
    }

    public Referral Triaged(params ReferralPartType[] parts)
    {
        var referral = AssignedToRound(parts);
        Workflow.Triage(referral, Committee, Track.SpecialOffers, AutumnTriageMeeting);
        return referral;
    }

    public Referral OnAgenda(params ReferralPartType[] parts)
    {
        var referral = Triaged(parts);
        Workflow.PutOnAgenda(referral, Committee, OnAgendaAt);
        return referral;
    }

    public Referral DecidedPlacement()
    {
        var referral = OnAgenda();
        Workflow.DecidePlacement(referral, Committee, Offer, PlacementStart, "Barnets behov matcher tilbuddet.", CurrentRules, AutumnCommitteeMeeting);
        return referral;
    }

    public Referral DecidedReturnToGeneral()
    {
        var referral = OnAgenda();
        Workflow.DecideReturnToGeneral(referral, Committee, "Støtte fra TCBU i klassen.", "Behovet kan mødes i almentilbuddet.", CurrentRules, AutumnCommitteeMeeting);
        return referral;
    }

    public Referral Withdrawn()
    {
        var referral = Draft();
        Workflow.Withdraw(referral, SchoolLeader, "Forældrene er flyttet.", StartedAt.AddDays(2));
        return referral;
    }

    public Referral InState(ReferralState state) => state switch
    {
        ReferralState.Draft => Draft(),
        ReferralState.Incomplete => Incomplete(ReferralPartType.SignedReferralForm),
        ReferralState.Complete => Complete(),
        ReferralState.AssignedToRound => AssignedToRound(),
        ReferralState.Triaged => Triaged(),
        ReferralState.OnAgenda => OnAgenda(),
        ReferralState.Decided => DecidedPlacement(),
        ReferralState.Withdrawn => Withdrawn(),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>
    /// Fires <paramref name="trigger"/> through the workflow operation that owns it, with input that is
    /// valid in itself, so the only reasons left to refuse are role, scope and state.
    /// </summary>
    public void Perform(ReferralTrigger trigger, Referral referral, Actor actor)
    {
        switch (trigger)
        {
            case ReferralTrigger.AttachDocument:
                var part = actor.Role == Role.Guardian ? ReferralPartType.ParentStatement : ReferralPartType.PPV;
                Workflow.AttachDocument(referral, actor, part, File(part), SubmittedAt, external: ExternalFor(part));
                break;
            case ReferralTrigger.Submit:
                Workflow.Submit(referral, actor, CurrentRules, SubmittedAt);
                break;
            case ReferralTrigger.AssignToRound:
                Workflow.AssignToRound(referral, actor, AutumnRound, AssignedAt);
                break;
            case ReferralTrigger.Triage:
                Workflow.Triage(referral, actor, Track.SocioEmotional, AutumnTriageMeeting);
                break;
            case ReferralTrigger.PutOnAgenda:
                Workflow.PutOnAgenda(referral, actor, OnAgendaAt);
                break;
            case ReferralTrigger.RecordHearing:
                RecordHearing(referral, actor);
                break;
            case ReferralTrigger.DecidePlacement:
                Workflow.DecidePlacement(referral, actor, Offer, PlacementStart, "Barnets behov matcher tilbuddet.", CurrentRules, AutumnCommitteeMeeting);
                break;
            case ReferralTrigger.DecideReturnToGeneral:
                Workflow.DecideReturnToGeneral(referral, actor, "Støtte fra TCBU i klassen.", "Behovet kan mødes i almentilbuddet.", CurrentRules, AutumnCommitteeMeeting);
                break;
            case ReferralTrigger.Postpone:
                Workflow.Postpone(referral, actor, WinterRound, "Opdateret PPV.", "PPV'en er mere end et år gammel.", CurrentRules, AutumnCommitteeMeeting);
                break;
            case ReferralTrigger.Withdraw:
                Workflow.Withdraw(referral, actor, "Forældrene er flyttet.", SubmittedAt);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(trigger));
        }
    }

    /// <summary>A hearing sent ten days before the committee meeting with the shortest lawful reply deadline.</summary>
    public void RecordHearing(Referral referral, Actor actor, string? parentsReply = "Vi er enige.")
    {
        var sentAt = AutumnCommitteeMeeting.AddDays(-10);
        Workflow.RecordHearing(referral, actor, sentAt, sentAt.AddDays(CurrentRules.Hearing.MinimumReplyDays),
            "PPV og handleplan", parentsReply, CurrentRules, AutumnCommitteeMeeting.AddHours(-1));
    }
}
