using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Ppv;

/// <summary>
/// One child with two custody holders at a district school, a neighbouring school, and one actor of every
/// role, each either in scope for the child's PPV or deliberately out of it; the psychologist service has
/// the school's psychologist (who gets the case), a colleague at the same school, a psychologist at the
/// other school and the service's leader. Every step runs at a fixed time in autumn 2026.
/// </summary>
public sealed class PpvScenario
{
    public static readonly RuleSet CurrentRules = ReferralScenario.CurrentRules;

    public static readonly DateTimeOffset RequestedAt = Times.At(2026, 9, 1);
    public static readonly DateTimeOffset ConsentAt = Times.At(2026, 9, 3);
    public static readonly DateOnly MeetingDate = new(2026, 9, 8);
    public static readonly DateTimeOffset PrioritisedAt = Times.At(2026, 9, 8, 15);
    public static readonly DateTimeOffset AssignedAt = Times.At(2026, 9, 10);
    public static readonly DateTimeOffset ObservedAt = Times.At(2026, 9, 15, 10);
    public static readonly DateTimeOffset NoteAt = Times.At(2026, 9, 15, 14);
    public static readonly DateTimeOffset DraftAt = Times.At(2026, 10, 1);
    public static readonly DateTimeOffset HearingSentAt = Times.At(2026, 10, 5);
    /// <summary>14 days after 5 October, to the end of the day in Danish time.</summary>
    public static readonly DateTimeOffset HearingDeadline = new(2026, 10, 19, 23, 59, 59, Times.Cest);
    public static readonly DateTimeOffset DuringHearing = Times.At(2026, 10, 10);
    public static readonly DateTimeOffset AfterHearing = Times.At(2026, 10, 20);
    public static readonly DateTimeOffset UpdateRequestedAt = Times.At(2027, 3, 1);

    public Guid SchoolId { get; } = Ids.Of(101);
    public Guid OtherSchoolId { get; } = Ids.Of(102);
    public Guid GuardianAId { get; } = Ids.Of(301);
    public Guid GuardianBId { get; } = Ids.Of(302);
    public Guid OtherGuardianId { get; } = Ids.Of(303);

    public PpvWorkflow Workflow { get; }
    public Child Child { get; }
    public Child OtherChild { get; }

    public Actor SchoolLeader { get; }
    public Actor OtherSchoolLeader { get; }
    public Actor Committee { get; }
    public Actor GuardianA { get; }
    public Actor GuardianB { get; }
    public Actor OtherGuardian { get; }
    /// <summary>Serves the child's school and gets the case.</summary>
    public Actor Psychologist { get; }
    /// <summary>Serves the child's school too, but does not have the case.</summary>
    public Actor Colleague { get; }
    public Actor OtherPsychologist { get; }
    public Actor ServiceLeader { get; }
    public Actor OfferLeader { get; }
    public Actor Admin { get; }

    public PpvScenario(PpvWorkflow? workflow = null)
    {
        Workflow = workflow ?? new PpvWorkflowV1();
        var random = new Random(2026);
        Child = new Child(Ids.Of(1), "Testbarn Syntetisk", CprNumber.Synthetic(new DateOnly(2016, 3, 14), random), SchoolId, [GuardianAId, GuardianBId]);
        OtherChild = new Child(Ids.Of(2), "Nabobarn Syntetisk", CprNumber.Synthetic(new DateOnly(2015, 6, 2), random), OtherSchoolId, [OtherGuardianId]);

        SchoolLeader = Actor.SchoolLeader(Ids.Of(501), "Skoleleder Syntetisk", SchoolId);
        OtherSchoolLeader = Actor.SchoolLeader(Ids.Of(502), "Anden Skoleleder", OtherSchoolId);
        Committee = Actor.Committee(Ids.Of(503), "Udvalgsmedlem Syntetisk");
        GuardianA = Actor.GuardianOf(Ids.Of(504), "Forælder A Syntetisk", Child.Id) with { GuardianId = GuardianAId };
        GuardianB = Actor.GuardianOf(Ids.Of(511), "Forælder B Syntetisk", Child.Id) with { GuardianId = GuardianBId };
        OtherGuardian = Actor.GuardianOf(Ids.Of(505), "Anden Forælder", OtherChild.Id) with { GuardianId = OtherGuardianId };
        Psychologist = Actor.PsychologistFor(Ids.Of(506), "Psykolog Syntetisk", SchoolId);
        Colleague = Actor.PsychologistFor(Ids.Of(512), "Kollega Syntetisk", SchoolId);
        OtherPsychologist = Actor.PsychologistFor(Ids.Of(507), "Anden Psykolog", OtherSchoolId);
        ServiceLeader = PsychologistService.Leader(Ids.Of(513), "Leder af TCBU Syntetisk");
        OfferLeader = Actor.OfferLeaderOf(Ids.Of(508), "Tilbudsleder Syntetisk", Ids.Of(201));
        Admin = Actor.Admin(Ids.Of(509), "Administrator Syntetisk");
    }

    /// <summary>The actor of <paramref name="role"/>, either covering this scenario's case or not. The psychologist in scope is the one who gets the case.</summary>
    public Actor ActorFor(Role role, bool inScope) => role switch
    {
        Role.CommitteeMember => Committee,
        Role.DistrictSchoolLeader => inScope ? SchoolLeader : OtherSchoolLeader,
        Role.Psychologist => inScope ? Psychologist : OtherPsychologist,
        Role.OfferLeader => OfferLeader,
        Role.Guardian => inScope ? GuardianA : OtherGuardian,
        Role.Administrator => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public PpvCase Requested(Actor? by = null) =>
        Workflow.Request(Ids.Of(701), Child, by ?? SchoolLeader, "Barnet har svært ved at indgå i fællesskabet; hvad skal der til?", CurrentRules, RequestedAt);

    /// <summary>Both guardians consent to assessment and to sharing with the school and the committee.</summary>
    public PpvCase Consented(ConsentScopes scopes = ConsentScopes.All)
    {
        var ppv = Requested();
        Workflow.RecordConsent(ppv, GuardianA, [GuardianAId], scopes, ConsentAt, ConsentAt);
        Workflow.RecordConsent(ppv, GuardianB, [GuardianBId], scopes, ConsentAt, ConsentAt);
        return ppv;
    }

    public PpvCase Prioritised()
    {
        var ppv = Consented();
        Workflow.Prioritise(ppv, SchoolLeader, PpvPriority.High, MeetingDate, PrioritisedAt);
        return ppv;
    }

    public PpvCase Assigned()
    {
        var ppv = Prioritised();
        Workflow.Assign(ppv, ServiceLeader, Psychologist, 0, null, CurrentRules, AssignedAt);
        return ppv;
    }

    public PpvCase InAssessment()
    {
        var ppv = Assigned();
        Workflow.RecordNote(ppv, Psychologist, PpvNoteKind.Observation, "Observation i klassen: trækker sig ved gruppearbejde.", ObservedAt, NoteAt);
        return ppv;
    }

    public PpvCase Drafted()
    {
        var ppv = InAssessment();
        Workflow.WriteDraft(ppv, Psychologist, "Barnet har brug for forudsigelighed og små fællesskaber.", "Fast voksen i overgange; visuel dagsplan.", DraftAt);
        return ppv;
    }

    public PpvCase InHearing()
    {
        var ppv = Drafted();
        Workflow.SendToHearing(ppv, Psychologist, CurrentRules, HearingSentAt);
        return ppv;
    }

    /// <summary>Guardian A comments; guardian B lets the deadline pass; the psychologist finalises version 1.</summary>
    public PpvCase Final()
    {
        var ppv = InHearing();
        Workflow.CommentOnHearing(ppv, GuardianA, "Vi genkender beskrivelsen, men savner frikvartererne.", DuringHearing);
        Workflow.Finalise(ppv, Psychologist, "Frikvartererne er beskrevet under anbefalingerne.", AfterHearing);
        return ppv;
    }

    public PpvCase Withdrawn()
    {
        var ppv = Requested();
        Workflow.Withdraw(ppv, SchoolLeader, "Forældrene er flyttet.", ConsentAt);
        return ppv;
    }

    public PpvCase InState(PpvState state) => state switch
    {
        PpvState.Requested => Requested(),
        PpvState.AwaitingPrioritisation => Consented(),
        PpvState.AwaitingAssignment => Prioritised(),
        PpvState.Assigned => Assigned(),
        PpvState.InAssessment => InAssessment(),
        PpvState.Drafted => Drafted(),
        PpvState.InHearing => InHearing(),
        PpvState.Final => Final(),
        PpvState.Withdrawn => Withdrawn(),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>
    /// When <see cref="Perform"/> fires a trigger: a comment while the hearing is open, finalising after its
    /// deadline, an update months after the final version, everything else during the hearing period.
    /// </summary>
    public static DateTimeOffset TimeFor(PpvTrigger trigger) => trigger switch
    {
        PpvTrigger.Finalise => AfterHearing,
        PpvTrigger.RequestUpdate => UpdateRequestedAt,
        _ => DuringHearing,
    };

    /// <summary>
    /// Fires <paramref name="trigger"/> through the workflow operation that owns it, with input that is
    /// valid in itself, so the only reasons left to refuse are role, scope and state.
    /// </summary>
    public void Perform(PpvTrigger trigger, PpvCase ppv, Actor actor)
    {
        var now = TimeFor(trigger);
        switch (trigger)
        {
            case PpvTrigger.RecordConsent:
                var guardian = actor.Role == Role.Guardian ? actor.GuardianId!.Value : GuardianAId;
                Workflow.RecordConsent(ppv, actor, [guardian], ConsentScopes.Assessment, now, now);
                break;
            case PpvTrigger.Prioritise:
                Workflow.Prioritise(ppv, actor, PpvPriority.Normal, MeetingDate, now);
                break;
            case PpvTrigger.Assign:
                Workflow.Assign(ppv, actor, Psychologist, 0, null, CurrentRules, now);
                break;
            case PpvTrigger.Reassign:
                Workflow.Reassign(ppv, actor, Colleague, 0, null, CurrentRules, now);
                break;
            case PpvTrigger.RecordNote:
                Workflow.RecordNote(ppv, actor, PpvNoteKind.ConversationWithTeachers, "Samtale med klasselæreren.", now, now);
                break;
            case PpvTrigger.WriteDraft:
                Workflow.WriteDraft(ppv, actor, "Vurdering.", "Anbefalinger.", now);
                break;
            case PpvTrigger.SendToHearing:
                Workflow.SendToHearing(ppv, actor, CurrentRules, now);
                break;
            case PpvTrigger.CommentOnHearing:
                Workflow.CommentOnHearing(ppv, actor, "Vi er enige.", now, actor.Role == Role.Guardian ? null : GuardianAId);
                break;
            case PpvTrigger.ReopenDraft:
                Workflow.ReopenDraft(ppv, actor, "Udkastet skal rettes.", now);
                break;
            case PpvTrigger.Finalise:
                Workflow.Finalise(ppv, actor, "Kommentarerne er indarbejdet.", now);
                break;
            case PpvTrigger.RequestUpdate:
                Workflow.RequestUpdate(ppv, actor, "Barnets behov har ændret sig.", CurrentRules, now);
                break;
            case PpvTrigger.Withdraw:
                Workflow.Withdraw(ppv, actor, "Forældrene er flyttet.", now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(trigger));
        }
    }

    /// <summary>The triggers a person can fire; <see cref="PpvTrigger.Request"/> only names the creation step in the history.</summary>
    public static IReadOnlyList<PpvTrigger> Actions { get; } = Enum.GetValues<PpvTrigger>().Where(t => t != PpvTrigger.Request).ToList();
}
