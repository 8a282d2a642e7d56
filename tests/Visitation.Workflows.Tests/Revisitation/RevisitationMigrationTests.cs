using Visitation.Workflows.Common;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Revisitation.RevisitationScenario;

namespace Visitation.Workflows.Tests.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate even if a sibling test namespace named Placement appears.
using Visitation.Workflows.Placements;

/// <summary>
/// An administrator moves a running version-1 case to version 2 (which adds the child's own statement
/// before the status meeting) by an explicit state mapping. Nothing is replayed: done steps stay done.
/// </summary>
public class RevisitationMigrationTests
{
    private static readonly DateTimeOffset MigratedAt = Times.At(2026, 10, 19, 15);

    private readonly RevisitationWorkflowV1 _v1 = new();
    private readonly RevisitationWorkflowV2 _v2 = new(isPublished: true);
    private RevisitationScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new RevisitationScenario();

    private IReadOnlyDictionary<RevisitationState, RevisitationState> Identity => RevisitationMigration.SameStates(_v1, _v2);

    private static Dictionary<RevisitationState, RevisitationState> Map(RevisitationState from, RevisitationState to) => new() { [from] = to };

    private RevisitationPlan Plan(RevisitationCase c, RevisitationWorkflow workflow) =>
        RevisitationPlanner.Propose(Ids.Of(901), _s.OfferLeader, _s.OfferId, new SchoolYear(2026),
            [PlanningSubject.For(_s.Placement, c, workflow, _s.People())], AvailabilityCalendar.Empty, CurrentRules, MigratedAt).Plan;

    [TestCase(RevisitationState.StatusMeetingHeld)]
    [TestCase(RevisitationState.HandleplanSent)]
    public void A_status_meeting_held_before_the_migration_is_not_asked_for_again(RevisitationState state)
    {
        var c = _s.InState(state);
        var meetings = c.Meetings.ToList();
        var revision = c.Revision;

        var check = RevisitationMigration.Migrate(c, _v1, _v2, Identity, _s.Admin, MigratedAt);

        c.WorkflowVersion.ShouldBe(2);
        c.State.ShouldBe(state);
        check.CarriedOver.ShouldBe([RevisitationStep.PupilConversation, RevisitationStep.StatusMeeting]);
        check.Waived.ShouldBe([RevisitationStep.ChildStatement]);
        // The workflow does not offer it ...
        var offered = _v2.PermittedActions(c, _s.OfferLeader);
        offered.ShouldNotContain(RevisitationTrigger.RecordStatusMeeting);
        offered.ShouldNotContain(RevisitationTrigger.RecordChildStatement);
        Should.Throw<WrongStateException>(() => _v2.RecordStatusMeeting(c, _s.OfferLeader, Meeting(RevisitationStep.StatusMeeting, MigratedAt),
            ["F"], ["A"], false, MigratedAt)).ShouldNotBeNull();
        _v2.RemainingSteps(c).ShouldBe([RevisitationStep.HandleplanAnswer, RevisitationStep.ParentConversation, RevisitationStep.Decision]);
        // ... and the planner does not schedule it.
        var plan = Plan(c, _v2);
        plan.For(_s.Placement.Id).Select(e => e.Step).ShouldBe([RevisitationStep.HandleplanAnswer, RevisitationStep.ParentConversation, RevisitationStep.Decision]);
        plan.Invitations().ShouldNotContain(i => i.Step == RevisitationStep.StatusMeeting || i.Step == RevisitationStep.ChildStatement);
        // Nothing was replayed or lost.
        c.Meetings.ShouldBe(meetings);
        c.Steps.Single(x => x.Step == RevisitationStep.ChildStatement).Status.ShouldBe(StepStatus.Waived);
        c.Revision.ShouldBe(revision + 1);
    }

    [Test]
    public void A_migrated_case_runs_on_under_version_2_to_its_decision_with_one_status_meeting()
    {
        var c = _s.HandleplanSent();
        RevisitationMigration.Migrate(c, _v1, _v2, Identity, _s.Admin, MigratedAt);

        _v2.AnswerHandleplan(c, _s.SchoolLeader, HandleplanAnswer.NoFurtherDiscussion, null, MigratedAt.AddHours(1));
        _v2.RecordParentConversation(c, _s.OfferLeader, Meeting(RevisitationStep.ParentConversation, ParentConversationAt), false, ParentConversationAt);
        _v2.DecideContinuation(c, _s.Placement, _s.OfferLeader, "Barnet trives.", CurrentRules, DecidedAt);

        c.State.ShouldBe(RevisitationState.Decided);
        c.Meetings.Count(m => m.Kind == MeetingKind.StatusMeeting).ShouldBe(1);
        c.History.Select(e => e.WorkflowVersion).ShouldBe([1, 1, 1, 1, 2, 2, 2, 2]);
        Should.Throw<InvalidOperationException>(() => _v1.PermittedActions(c, _s.OfferLeader));
    }

    [Test]
    public void The_migration_is_recorded_in_the_history_with_the_administrator()
    {
        var c = _s.HandleplanSent();

        RevisitationMigration.Migrate(c, _v1, _v2, Identity, _s.Admin, MigratedAt);

        var step = c.History[^1];
        step.Trigger.ShouldBe(RevisitationTrigger.Migrate);
        step.WorkflowVersion.ShouldBe(2);
        step.From.ShouldBe(RevisitationState.HandleplanSent);
        step.To.ShouldBe(RevisitationState.HandleplanSent);
        step.At.ShouldBe(MigratedAt);
        step.ActorUserId.ShouldBe(_s.Admin.UserId);
        step.ActorRole.ShouldBe("Administrator");
        step.Detail.ShouldBe("Flyttet fra version 1 (handleplanen er sendt til distriktsskolelederen) til version 2 (handleplanen er sendt til distriktsskolelederen). "
                             + "Gennemførte trin overført: elevsamtale, statusmøde. Bortfaldet, da sagen allerede var forbi dem: barnets egen udtalelse.");
    }

    [Test]
    public void A_case_migrated_before_the_status_meeting_takes_the_childs_statement_next()
    {
        var c = _s.PupilConversationHeld();

        var check = RevisitationMigration.Migrate(c, _v1, _v2, Identity, _s.Admin, MigratedAt);

        check.Waived.ShouldBeEmpty();
        _v2.PermittedActions(c, _s.OfferLeader).ShouldContain(RevisitationTrigger.RecordChildStatement);
        _v2.PermittedActions(c, _s.OfferLeader).ShouldNotContain(RevisitationTrigger.RecordStatusMeeting);
        Plan(c, _v2).For(_s.Placement.Id).Select(e => e.Step).ShouldBe([
            RevisitationStep.ChildStatement, RevisitationStep.StatusMeeting, RevisitationStep.HandleplanAnswer,
            RevisitationStep.ParentConversation, RevisitationStep.Decision,
        ]);
    }

    [Test]
    public void A_case_may_be_mapped_forward_to_the_childs_statement_state_only_once_the_statement_exists()
    {
        var c = _s.PupilConversationHeld();

        Should.Throw<InvalidInputException>(() => RevisitationMigration.Migrate(c, _v1, _v2,
                Map(RevisitationState.PupilConversationHeld, RevisitationState.ChildStatementRecorded), _s.Admin, MigratedAt))
            .Message.ShouldBe("Sagen kan ikke flyttes: Tilstanden 'barnets egen udtalelse er registreret' i version 2 forudsætter, at barnets egen udtalelse "
                              + "er gennemført, men det er den ikke i denne sag.");
    }

    // ---- Refusals ----

    [Test]
    public void A_mapping_that_does_not_cover_the_cases_state_is_refused()
    {
        var c = _s.HandleplanSent();

        var ex = Should.Throw<InvalidInputException>(() => RevisitationMigration.Migrate(c, _v1, _v2,
            Map(RevisitationState.StatusMeetingHeld, RevisitationState.StatusMeetingHeld), _s.Admin, MigratedAt));

        ex.Field.ShouldBe("mapping");
        ex.Message.ShouldBe("Sagen kan ikke flyttes: Tilknytningen dækker ikke sagens nuværende tilstand 'handleplanen er sendt til distriktsskolelederen'.");
    }

    [Test]
    public void A_mapping_to_a_state_whose_steps_were_not_done_is_refused()
    {
        var c = _s.PupilConversationHeld();

        var ex = Should.Throw<InvalidInputException>(() => RevisitationMigration.Migrate(c, _v1, _v2,
            Map(RevisitationState.PupilConversationHeld, RevisitationState.StatusMeetingHeld), _s.Admin, MigratedAt));

        ex.Message.ShouldContain("Tilstanden 'statusmødet er holdt' i version 2 forudsætter, at statusmøde er gennemført, men det er den ikke i denne sag.");
    }

    [Test]
    public void A_mapping_back_to_before_a_step_already_done_is_refused_so_it_is_never_re_run()
    {
        var c = _s.StatusMeetingHeld();

        Should.Throw<InvalidInputException>(() => RevisitationMigration.Migrate(c, _v1, _v2,
                Map(RevisitationState.StatusMeetingHeld, RevisitationState.PupilConversationHeld), _s.Admin, MigratedAt))
            .Message.ShouldBe("Sagen kan ikke flyttes: Sagen har allerede gennemført statusmøde; i tilstanden 'elevsamtalen er holdt' ville den blive bedt om det igen.");
    }

    [Test]
    public void A_mapping_to_a_closed_state_or_one_the_versions_do_not_have_is_refused()
    {
        var c = _s.Started();

        var problems = RevisitationMigration.Check(c, _v1, _v2, new Dictionary<RevisitationState, RevisitationState>
        {
            [RevisitationState.Started] = RevisitationState.Decided,
            [RevisitationState.ChildStatementRecorded] = RevisitationState.StatusMeetingHeld,
        }).Problems;

        problems.ShouldBe([
            "En igangværende sag kan ikke flyttes til tilstanden 'afgjort'.",
            "Tilstanden 'barnets egen udtalelse er registreret' findes ikke i version 1.",
        ], ignoreOrder: true);
    }

    [Test]
    public void Only_an_administrator_migrates_a_case()
    {
        var c = _s.HandleplanSent();

        foreach (var actor in new[] { _s.OfferLeader, _s.Committee, _s.SchoolLeader })
            Should.Throw<NotPermittedException>(() => RevisitationMigration.Migrate(c, _v1, _v2, Identity, actor, MigratedAt))
                .Message.ShouldEndWith("Det kan kun en administrator.");
        c.WorkflowVersion.ShouldBe(1);
    }

    [Test]
    public void A_decided_case_is_not_migrated()
    {
        var c = _s.Decided();

        Should.Throw<InvalidInputException>(() => RevisitationMigration.Migrate(c, _v1, _v2, Identity, _s.Admin, MigratedAt))
            .Message.ShouldBe("Sagen kan ikke flyttes: Sagen er afgjort og kan ikke flyttes til en anden version.");
    }

    [Test]
    public void A_case_is_migrated_only_to_another_published_version()
    {
        var c = _s.Started();

        RevisitationMigration.Check(c, _v1, new RevisitationWorkflowV2(), RevisitationMigration.SameStates(_v1, _v2)).Problems
            .ShouldBe(["Version 2 er ikke offentliggjort; sager kan kun flyttes til en offentliggjort version."]);
        RevisitationMigration.Check(c, _v1, new RevisitationWorkflowV1(), RevisitationMigration.SameStates(_v1, _v1)).Problems
            .ShouldBe(["Sagen kører allerede på version 1."]);
    }

    [Test]
    public void A_refused_migration_leaves_the_case_as_it_was()
    {
        var c = _s.HandleplanSent();
        var revision = c.Revision;
        var history = c.History.Count;

        Should.Throw<InvalidInputException>(() => RevisitationMigration.Migrate(c, _v1, _v2, Map(RevisitationState.Started, RevisitationState.Started), _s.Admin, MigratedAt));

        c.WorkflowVersion.ShouldBe(1);
        c.State.ShouldBe(RevisitationState.HandleplanSent);
        c.Revision.ShouldBe(revision);
        c.History.Count.ShouldBe(history);
        c.Steps.ShouldNotContain(x => x.Status == StepStatus.Waived);
    }

    [Test]
    public void Checking_a_migration_previews_it_without_changing_the_case()
    {
        var c = _s.HandleplanSent();

        var check = RevisitationMigration.Check(c, _v1, _v2, Identity);

        check.IsValid.ShouldBeTrue();
        check.ToState.ShouldBe(RevisitationState.HandleplanSent);
        check.FromVersion.ShouldBe(1);
        check.ToVersion.ShouldBe(2);
        check.Waived.ShouldBe([RevisitationStep.ChildStatement]);
        c.WorkflowVersion.ShouldBe(1);
        _v1.PermittedActions(c, _s.OfferLeader).ShouldBe([RevisitationTrigger.Cancel]);
    }

    [Test]
    public void The_identity_mapping_covers_every_open_state_both_versions_have()
    {
        Identity.Keys.ShouldBe([
            RevisitationState.Started, RevisitationState.PupilConversationHeld, RevisitationState.StatusMeetingHeld, RevisitationState.HandleplanSent,
            RevisitationState.HandleplanAnswered, RevisitationState.ParentConversationHeld, RevisitationState.RevisitationMeetingHeld,
        ], ignoreOrder: true);
        RevisitationMigration.CheckMapping(_v1, _v2, Identity).ShouldBeEmpty();
    }
}
