using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate even if a sibling test namespace named Placement appears.
using Visitation.Workflows.Placements;

/// <summary>
/// One placed child in a special offer at another school than its district school, with one actor of
/// every role, each either in scope for the child's revisitation or deliberately out of it. The child's
/// last decision was 20 November 2025, so its revisitation is due 20 November 2026; every step runs at
/// a fixed time in the autumn of 2026.
/// </summary>
public sealed class RevisitationScenario
{
    public static readonly RuleSet CurrentRules = RuleSetCatalog.LoadEmbedded().Get("2026.1");

    public static readonly DateOnly LastDecision = new(2025, 11, 20);
    public static readonly DateOnly Due = new(2026, 11, 20);
    public static readonly DateOnly PlacementStart = new(2025, 12, 1);
    public static readonly DateTimeOffset RegisteredAt = Times.At(2026, 8, 3);
    public static readonly DateTimeOffset StartedAt = Times.At(2026, 9, 28);
    public static readonly DateTimeOffset PupilConversationAt = Times.At(2026, 10, 8, 10);
    public static readonly DateTimeOffset ChildStatementAt = Times.At(2026, 10, 12, 10);
    public static readonly DateTimeOffset StatusMeetingAt = Times.At(2026, 10, 15, 10);
    public static readonly DateTimeOffset HandleplanSentAt = Times.At(2026, 10, 15, 14);
    public static readonly DateTimeOffset HandleplanAnsweredAt = Times.At(2026, 10, 20, 8);
    public static readonly DateTimeOffset ParentConversationAt = Times.At(2026, 11, 3, 10);
    public static readonly DateTimeOffset RevisitationMeetingAt = Times.At(2026, 11, 10, 10);
    public static readonly DateTimeOffset DecidedAt = Times.At(2026, 11, 16, 12);

    public Guid SchoolId { get; } = Ids.Of(101);
    public Guid OtherSchoolId { get; } = Ids.Of(102);
    public Guid HostSchoolId { get; } = Ids.Of(103);
    public Guid OfferId { get; } = Ids.Of(201);
    public Guid OtherOfferId { get; } = Ids.Of(202);
    public Guid GuardianId { get; } = Ids.Of(301);

    public RevisitationWorkflow Workflow { get; }
    public Child Child { get; }
    public SpecialOffer Offer { get; }
    public SpecialOffer OtherOffer { get; }
    public Placement Placement { get; }

    public Actor OfferLeader { get; }
    public Actor OtherOfferLeader { get; }
    public Actor SchoolLeader { get; }
    public Actor OtherSchoolLeader { get; }
    public Actor Committee { get; }
    public Actor Guardian { get; }
    public Actor OtherGuardian { get; }
    public Actor Psychologist { get; }
    public Actor OtherPsychologist { get; }
    public Actor Admin { get; }

    public RevisitationScenario(RevisitationWorkflow? workflow = null)
    {
        Workflow = workflow ?? new RevisitationWorkflowV1();
        Child = new Child(Ids.Of(1), "Testbarn Syntetisk", CprNumber.Synthetic(new DateOnly(2015, 4, 2), new Random(2026)), SchoolId, [GuardianId]);
        Offer = new SpecialOffer(OfferId, "Testklassen (syntetisk)", OfferCategory.Specialtilbud1, HostSchoolId, 12);
        OtherOffer = new SpecialOffer(OtherOfferId, "Andet tilbud (syntetisk)", OfferCategory.Specialtilbud2, HostSchoolId, 8);

        OfferLeader = Actor.OfferLeaderOf(Ids.Of(508), "Tilbudsleder Syntetisk", OfferId);
        OtherOfferLeader = Actor.OfferLeaderOf(Ids.Of(510), "Anden Tilbudsleder", OtherOfferId);
        SchoolLeader = Actor.SchoolLeader(Ids.Of(501), "Skoleleder Syntetisk", SchoolId);
        OtherSchoolLeader = Actor.SchoolLeader(Ids.Of(502), "Anden Skoleleder", OtherSchoolId);
        Committee = Actor.Committee(Ids.Of(503), "Udvalgsmedlem Syntetisk");
        Guardian = Actor.GuardianOf(Ids.Of(504), "Forælder Syntetisk", Child.Id);
        OtherGuardian = Actor.GuardianOf(Ids.Of(505), "Anden Forælder", Ids.Of(2));
        Psychologist = Actor.PsychologistFor(Ids.Of(506), "Psykolog Syntetisk", SchoolId);
        OtherPsychologist = Actor.PsychologistFor(Ids.Of(507), "Anden Psykolog", OtherSchoolId);
        Admin = Actor.Admin(Ids.Of(509), "Administrator Syntetisk");

        Placement = Placement.Register(Ids.Of(701), Child, Offer, PlacementStart, LastDecision,
            ["Barnet deltager i fællesskabet i klassen.", "Barnet læser alderssvarende."], Committee, CurrentRules, RegisteredAt);
    }

    /// <summary>The actor of <paramref name="role"/>, either covering this scenario's child or not.</summary>
    public Actor ActorFor(Role role, bool inScope) => role switch
    {
        Role.CommitteeMember => Committee,
        Role.DistrictSchoolLeader => inScope ? SchoolLeader : OtherSchoolLeader,
        Role.Psychologist => inScope ? Psychologist : OtherPsychologist,
        Role.OfferLeader => inScope ? OfferLeader : OtherOfferLeader,
        Role.Guardian => inScope ? Guardian : OtherGuardian,
        Role.Administrator => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public Guid ContactTeacherId { get; } = Ids.Of(601);
    public Guid TeamMemberId { get; } = Ids.Of(602);

    /// <summary>The people around the child, for the planner.</summary>
    public IReadOnlyList<PlanPerson> People() =>
    [
        new(ParticipantRole.Pupil, Child.Id, "Testbarn Syntetisk"),
        new(ParticipantRole.ContactTeacher, ContactTeacherId, "Kontaktlærer Syntetisk"),
        new(ParticipantRole.Team, TeamMemberId, "Teamlærer Syntetisk"),
        new(ParticipantRole.Guardian, GuardianId, "Forælder Syntetisk"),
        new(ParticipantRole.OfferLeader, OfferLeader.UserId, OfferLeader.DisplayName),
        new(ParticipantRole.Psychologist, Psychologist.UserId, Psychologist.DisplayName),
        new(ParticipantRole.DistrictSchoolLeader, SchoolLeader.UserId, SchoolLeader.DisplayName),
    ];

    /// <summary>A meeting record with exactly the participants <paramref name="step"/> needs.</summary>
    public static MeetingInput Meeting(RevisitationStep step, DateTimeOffset at, string minutes = "Referat: drøftet barnets trivsel og mål.") =>
        new(at, RevisitationSteps.Of(step).Participants.Select(r => new ParticipantInput(r, $"{r} Syntetisk")).ToList(), minutes);

    public RevisitationCase Started() => Workflow.Start(Ids.Of(801), Placement, OfferLeader, CurrentRules, StartedAt);

    public RevisitationCase PupilConversationHeld()
    {
        var c = Started();
        Workflow.RecordPupilConversation(c, OfferLeader, Meeting(RevisitationStep.PupilConversation, PupilConversationAt), PupilConversationAt);
        return c;
    }

    public RevisitationCase ChildStatementRecorded()
    {
        var c = PupilConversationHeld();
        Workflow.RecordChildStatement(c, OfferLeader, Meeting(RevisitationStep.ChildStatement, ChildStatementAt), "Jeg kan godt lide min klasse.", ChildStatementAt);
        return c;
    }

    public RevisitationCase StatusMeetingHeld(bool needsChanged = false)
    {
        var c = Workflow.Version >= 2 ? ChildStatementRecorded() : PupilConversationHeld();
        Workflow.RecordStatusMeeting(c, OfferLeader, Meeting(RevisitationStep.StatusMeeting, StatusMeetingAt),
            ["Venskaber i klassen", "Læsning"], ["Fortsat læsestøtte næste skoleår"], needsChanged, StatusMeetingAt);
        return c;
    }

    public RevisitationCase HandleplanSent(bool needsChanged = false)
    {
        var c = StatusMeetingHeld(needsChanged);
        Workflow.SendHandleplan(c, OfferLeader, CurrentRules, HandleplanSentAt);
        return c;
    }

    public RevisitationCase HandleplanAnswered(HandleplanAnswer answer = HandleplanAnswer.NoFurtherDiscussion, bool needsChanged = false)
    {
        var c = HandleplanSent(needsChanged);
        Workflow.AnswerHandleplan(c, SchoolLeader, answer, answer == HandleplanAnswer.WantsDiscussion ? "Vi vil drøfte delvis tilbagevenden." : null,
            HandleplanAnsweredAt);
        return c;
    }

    public RevisitationCase ParentConversationHeld(bool parentsWantDiscussion = false, HandleplanAnswer answer = HandleplanAnswer.NoFurtherDiscussion)
    {
        var c = HandleplanAnswered(answer);
        Workflow.RecordParentConversation(c, OfferLeader, Meeting(RevisitationStep.ParentConversation, ParentConversationAt), parentsWantDiscussion,
            ParentConversationAt);
        return c;
    }

    public RevisitationCase RevisitationMeetingHeld()
    {
        var c = ParentConversationHeld(parentsWantDiscussion: true);
        Workflow.RecordRevisitationMeeting(c, OfferLeader, Meeting(RevisitationStep.RevisitationMeeting, RevisitationMeetingAt), RevisitationMeetingAt);
        return c;
    }

    public RevisitationCase Decided()
    {
        var c = ParentConversationHeld();
        Workflow.DecideContinuation(c, Placement, OfferLeader, "Barnet trives og når sine mål; behovet er uændret.", CurrentRules, DecidedAt);
        return c;
    }

    public RevisitationCase Cancelled()
    {
        var c = Started();
        Workflow.Cancel(c, Placement, OfferLeader, "Barnet er flyttet fra kommunen.", StartedAt.AddDays(1));
        return c;
    }

    public RevisitationCase InState(RevisitationState state) => state switch
    {
        RevisitationState.Started => Started(),
        RevisitationState.PupilConversationHeld => PupilConversationHeld(),
        RevisitationState.ChildStatementRecorded => ChildStatementRecorded(),
        RevisitationState.StatusMeetingHeld => StatusMeetingHeld(),
        RevisitationState.HandleplanSent => HandleplanSent(),
        RevisitationState.HandleplanAnswered => HandleplanAnswered(),
        RevisitationState.ParentConversationHeld => ParentConversationHeld(),
        RevisitationState.RevisitationMeetingHeld => RevisitationMeetingHeld(),
        RevisitationState.Decided => Decided(),
        RevisitationState.Cancelled => Cancelled(),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>
    /// Fires <paramref name="trigger"/> through the workflow operation that owns it, with input that is
    /// valid in itself, so the only reasons left to refuse are role, scope and state.
    /// </summary>
    public void Perform(RevisitationTrigger trigger, RevisitationCase c, Actor actor)
    {
        var at = Times.At(2026, 11, 17, 12);
        switch (trigger)
        {
            case RevisitationTrigger.RecordPupilConversation:
                Workflow.RecordPupilConversation(c, actor, Meeting(RevisitationStep.PupilConversation, at), at);
                break;
            case RevisitationTrigger.RecordChildStatement:
                Workflow.RecordChildStatement(c, actor, Meeting(RevisitationStep.ChildStatement, at), "Jeg vil gerne blive.", at);
                break;
            case RevisitationTrigger.RecordStatusMeeting:
                Workflow.RecordStatusMeeting(c, actor, Meeting(RevisitationStep.StatusMeeting, at), ["Fokus"], ["Anbefaling"], false, at);
                break;
            case RevisitationTrigger.SendHandleplan:
                Workflow.SendHandleplan(c, actor, CurrentRules, at);
                break;
            case RevisitationTrigger.AnswerHandleplan:
                Workflow.AnswerHandleplan(c, actor, HandleplanAnswer.NoFurtherDiscussion, null, at);
                break;
            case RevisitationTrigger.RequestRevisitationMeeting:
                Workflow.RequestRevisitationMeeting(c, actor, "Vi vil drøfte andre muligheder.", at);
                break;
            case RevisitationTrigger.RecordParentConversation:
                Workflow.RecordParentConversation(c, actor, Meeting(RevisitationStep.ParentConversation, at), false, at);
                break;
            case RevisitationTrigger.RecordRevisitationMeeting:
                Workflow.RecordRevisitationMeeting(c, actor, Meeting(RevisitationStep.RevisitationMeeting, at), at);
                break;
            case RevisitationTrigger.DecideContinuation:
                Workflow.DecideContinuation(c, Placement, actor, "Behovet er uændret.", CurrentRules, at);
                break;
            case RevisitationTrigger.DecideChange:
                Workflow.DecideChange(c, Placement, actor, null, "20 timer om ugen i tilbuddet", "Barnet kan mere i klassen.", CurrentRules, at);
                break;
            case RevisitationTrigger.DecideEnd:
                Workflow.DecideEnd(c, Placement, actor, PhaseOutKind.Partial, new DateOnly(2027, 1, 29), "Dansk og matematik på distriktsskolen fra februar.",
                    "Barnet er klar til delvis tilbagevenden.", CurrentRules, at);
                break;
            case RevisitationTrigger.Cancel:
                Workflow.Cancel(c, Placement, actor, "Barnet er flyttet.", at);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(trigger));
        }
    }
}

/// <summary>The triggers a person can fire; Start and Migrate only name history steps.</summary>
public static class RevisitationTriggers
{
    public static IReadOnlyList<RevisitationTrigger> Actions { get; } =
        Enum.GetValues<RevisitationTrigger>().Where(t => t is not (RevisitationTrigger.Start or RevisitationTrigger.Migrate)).ToList();
}
