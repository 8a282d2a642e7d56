using Visitation.Workflows.Access;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Ppv.PpvScenario;

namespace Visitation.Workflows.Tests.Ppv;

public class PpvDeadlinesTests
{
    private static readonly DateTimeOffset Target = RequestedAt.AddDays(90);
    private static readonly DateTimeOffset ReminderDue = Target.AddDays(-14);
    private static readonly DateTimeOffset EscalationDue = Target.AddDays(1);

    private PpvScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new PpvScenario();

    /// <summary>The deadline rows the edge would create from the case's deadline changes.</summary>
    private static Deadline Row(DeadlineKind kind, Guid subjectId, DateTimeOffset dueAt) => new(Ids.Of(801), kind, subjectId, dueAt, RequestedAt);

    /// <summary>What the deadline job does: fire the row once, and only then react.</summary>
    private static List<Notification> Job(Deadline deadline, PpvCase ppv, DateTimeOffset now) =>
        deadline.TryFire(now) ? PpvDeadlines.React(deadline, ppv, now).ToList() : [];

    // ---- Scheduling ----

    [Test]
    public void A_request_schedules_reminders_before_the_target_and_an_escalation_after_it()
    {
        var ppv = _s.Requested();

        ppv.DeadlineChanges.ShouldBe([
            new ScheduleDeadline(DeadlineKind.PpvTargetReminder, ppv.Id, ReminderDue),
            new ScheduleDeadline(DeadlineKind.PpvTargetEscalation, ppv.Id, EscalationDue),
        ]);
        ppv.DeadlineChanges.OfType<ScheduleDeadline>().ShouldAllBe(d => d.DueAt.Offset == TimeSpan.Zero);
    }

    [Test]
    public void Every_reminder_day_of_the_rule_set_gets_a_reminder_and_those_already_past_are_skipped()
    {
        var rules = CurrentRules with { Ppv = CurrentRules.Ppv with { TargetDaysFromRequestToFinal = 30, ReminderDaysBeforeTarget = [7, 45, 14] } };

        var ppv = _s.Workflow.Request(Ids.Of(701), _s.Child, _s.SchoolLeader, "Behov for vurdering.", rules, RequestedAt);

        ppv.DeadlineChanges.OfType<ScheduleDeadline>().Where(d => d.Kind == DeadlineKind.PpvTargetReminder).Select(d => d.DueAt)
            .ShouldBe([RequestedAt.AddDays(30 - 14), RequestedAt.AddDays(30 - 7)]);
    }

    [Test]
    public void Finalising_cancels_the_target_and_hearing_deadlines()
    {
        var ppv = _s.InHearing();
        ppv.ClearDeadlineChanges();

        _s.Workflow.Finalise(ppv, _s.Psychologist, null, AfterHearing);

        ppv.DeadlineChanges.ShouldBe([
            new CancelDeadlines(DeadlineKind.PpvTargetReminder, ppv.Id),
            new CancelDeadlines(DeadlineKind.PpvTargetEscalation, ppv.Id),
            new CancelDeadlines(DeadlineKind.PpvHearingDeadline, ppv.Id),
        ]);
    }

    // ---- Target reminder ----

    [Test]
    public void The_target_reminder_tells_the_schools_psychologists_in_Danish_when_the_PPV_is_due()
    {
        var ppv = _s.InAssessment();
        var deadline = Row(DeadlineKind.PpvTargetReminder, ppv.Id, ReminderDue);

        var notification = PpvDeadlines.TargetReminder(deadline, ppv, ReminderDue).ShouldHaveSingleItem();

        notification.RecipientRole.ShouldBe(Role.Psychologist);
        notification.RecipientSchoolId.ShouldBe(_s.SchoolId);
        notification.RecipientOfferId.ShouldBeNull();
        notification.CaseId.ShouldBe(ppv.Id);
        notification.DeadlineId.ShouldBe(deadline.Id);
        notification.Title.ShouldBe("PPV nærmer sig måldatoen");
        notification.Body.ShouldBe("En PPV anmodet 1. september 2026 skal efter målet være endelig senest 30. november 2026. Sagen er under vurdering. Tildelt: Psykolog Syntetisk.");
        notification.IsFor(_s.Psychologist).ShouldBeTrue();
        notification.IsFor(_s.OtherPsychologist).ShouldBeFalse();
        notification.Body.ShouldNotContain(_s.Child.Name);
    }

    [Test]
    public void The_target_reminder_says_when_nobody_has_the_case_yet()
    {
        var ppv = _s.Consented();

        PpvDeadlines.TargetReminder(Row(DeadlineKind.PpvTargetReminder, ppv.Id, ReminderDue), ppv, ReminderDue)
            .ShouldHaveSingleItem().Body.ShouldEndWith("Sagen er endnu ikke tildelt en psykolog.");
    }

    [TestCase(PpvState.Final)]
    [TestCase(PpvState.Withdrawn)]
    public void The_target_reminder_yields_nothing_once_the_PPV_is_final_or_withdrawn(PpvState state)
    {
        var ppv = _s.InState(state);

        PpvDeadlines.TargetReminder(Row(DeadlineKind.PpvTargetReminder, ppv.Id, ReminderDue), ppv, ReminderDue).ShouldBeEmpty();
    }

    [Test]
    public void A_reminder_left_over_from_the_previous_cycle_yields_nothing_during_an_update()
    {
        var ppv = _s.Final();
        _s.Workflow.RequestUpdate(ppv, _s.SchoolLeader, "Nye behov.", CurrentRules, UpdateRequestedAt);

        PpvDeadlines.TargetReminder(Row(DeadlineKind.PpvTargetReminder, ppv.Id, ReminderDue), ppv, UpdateRequestedAt.AddDays(1)).ShouldBeEmpty();
        PpvDeadlines.TargetEscalation(Row(DeadlineKind.PpvTargetEscalation, ppv.Id, EscalationDue), ppv, UpdateRequestedAt.AddDays(1)).ShouldBeEmpty();
        PpvDeadlines.TargetReminder(Row(DeadlineKind.PpvTargetReminder, ppv.Id, UpdateRequestedAt.AddDays(76)), ppv, UpdateRequestedAt.AddDays(76))
            .ShouldHaveSingleItem();
    }

    // ---- Escalation ----

    [Test]
    public void The_escalation_goes_to_the_service_leader_only()
    {
        var ppv = _s.Drafted();
        var deadline = Row(DeadlineKind.PpvTargetEscalation, ppv.Id, EscalationDue);

        var notification = PpvDeadlines.TargetEscalation(deadline, ppv, EscalationDue).ShouldHaveSingleItem();

        notification.RecipientRole.ShouldBe(Role.Psychologist);
        notification.RecipientOfferId.ShouldBe(PsychologistService.LeaderScopeId);
        notification.RecipientSchoolId.ShouldBeNull();
        notification.Title.ShouldBe("PPV har overskredet måldatoen");
        notification.Body.ShouldBe("En PPV anmodet 1. september 2026 skulle have været endelig senest 30. november 2026, men er i udkast (ikke sendt i høring). Tildelt: Psykolog Syntetisk.");
        notification.IsFor(_s.ServiceLeader).ShouldBeTrue();
        notification.IsFor(_s.Psychologist).ShouldBeFalse();
        notification.IsFor(_s.Colleague).ShouldBeFalse();
        notification.IsFor(_s.OfferLeader).ShouldBeFalse();
    }

    [Test]
    public void The_escalation_yields_nothing_once_the_PPV_is_final()
    {
        var ppv = _s.Final();

        PpvDeadlines.TargetEscalation(Row(DeadlineKind.PpvTargetEscalation, ppv.Id, EscalationDue), ppv, EscalationDue).ShouldBeEmpty();
    }

    [Test]
    public void The_service_leader_is_a_psychologist_scoped_to_the_service()
    {
        PsychologistService.IsLeader(_s.ServiceLeader).ShouldBeTrue();
        PsychologistService.IsLeader(_s.Psychologist).ShouldBeFalse();
        PsychologistService.IsLeader(_s.OfferLeader with { OfferId = PsychologistService.LeaderScopeId }).ShouldBeFalse();
        _s.ServiceLeader.Role.ShouldBe(Role.Psychologist);
    }

    // ---- Hearing deadline ----

    [Test]
    public void At_the_hearing_deadline_the_psychologists_learn_that_the_PPV_can_be_finalised()
    {
        var ppv = _s.InHearing();
        _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Kommentar.", DuringHearing);
        var deadline = Row(DeadlineKind.PpvHearingDeadline, ppv.Id, HearingDeadline);

        var notification = PpvDeadlines.HearingDeadline(deadline, ppv, HearingDeadline.AddSeconds(1)).ShouldHaveSingleItem();

        notification.RecipientRole.ShouldBe(Role.Psychologist);
        notification.RecipientSchoolId.ShouldBe(_s.SchoolId);
        notification.Title.ShouldBe("Høringsfristen for et PPV-udkast er udløbet");
        notification.Body.ShouldBe("Forældrenes frist for at kommentere PPV-udkastet udløb 19. oktober 2026. Der er modtaget 1 kommentar(er). PPV'en kan nu gøres endelig. Tildelt: Psykolog Syntetisk.");
    }

    [Test]
    public void The_hearing_deadline_yields_nothing_when_every_guardian_already_replied()
    {
        var ppv = _s.InHearing();
        _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Enig.", DuringHearing);
        _s.Workflow.CommentOnHearing(ppv, _s.GuardianB, "Enig.", DuringHearing);

        PpvDeadlines.HearingDeadline(Row(DeadlineKind.PpvHearingDeadline, ppv.Id, HearingDeadline), ppv, HearingDeadline.AddSeconds(1)).ShouldBeEmpty();
    }

    [Test]
    public void The_deadline_of_a_hearing_on_a_draft_taken_back_yields_nothing_for_the_new_hearing()
    {
        var ppv = _s.InHearing();
        _s.Workflow.ReopenDraft(ppv, _s.Psychologist, "Skal rettes.", DuringHearing);
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Rettet vurdering.", "Rettede anbefalinger.", DuringHearing);
        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, DuringHearing);

        PpvDeadlines.HearingDeadline(Row(DeadlineKind.PpvHearingDeadline, ppv.Id, HearingDeadline), ppv, HearingDeadline.AddSeconds(1)).ShouldBeEmpty();
        PpvDeadlines.HearingDeadline(Row(DeadlineKind.PpvHearingDeadline, ppv.Id, ppv.CurrentHearing!.ReplyDeadline), ppv, ppv.CurrentHearing.ReplyDeadline.AddSeconds(1))
            .ShouldHaveSingleItem();
    }

    [TestCase(PpvState.Drafted)]
    [TestCase(PpvState.Final)]
    [TestCase(PpvState.Withdrawn)]
    public void The_hearing_deadline_yields_nothing_outside_a_hearing(PpvState state)
    {
        var ppv = _s.InState(state);

        PpvDeadlines.HearingDeadline(Row(DeadlineKind.PpvHearingDeadline, ppv.Id, HearingDeadline), ppv, HearingDeadline.AddSeconds(1)).ShouldBeEmpty();
    }

    // ---- Once only ----

    private static IEnumerable<TestCaseData> Kinds() =>
        PpvDeadlines.Kinds.Select(k => new TestCaseData(k).SetName($"{k}_fires_once_when_woken_twice"));

    [TestCaseSource(nameof(Kinds))]
    public void A_deadline_reaction_fires_once_even_when_the_job_runs_twice(DeadlineKind kind)
    {
        var ppv = _s.InHearing();
        var (due, now) = kind switch
        {
            DeadlineKind.PpvTargetReminder => (ReminderDue, ReminderDue),
            DeadlineKind.PpvTargetEscalation => (EscalationDue, EscalationDue),
            _ => (HearingDeadline, HearingDeadline.AddSeconds(1)),
        };
        var deadline = Row(kind, ppv.Id, due);

        Job(deadline, ppv, now).ShouldHaveSingleItem();
        Job(deadline, ppv, now.AddMinutes(1)).ShouldBeEmpty();

        deadline.Status.ShouldBe(DeadlineStatus.Fired);
    }

    [Test]
    public void Running_a_reaction_again_gives_the_same_answer_and_nothing_once_the_PPV_is_final()
    {
        var ppv = _s.InHearing();
        var deadline = Row(DeadlineKind.PpvTargetEscalation, ppv.Id, EscalationDue);

        var first = PpvDeadlines.React(deadline, ppv, EscalationDue).Select(n => (n.Title, n.Body, n.RecipientOfferId)).ToList();
        var second = PpvDeadlines.React(deadline, ppv, EscalationDue).Select(n => (n.Title, n.Body, n.RecipientOfferId)).ToList();
        second.ShouldBe(first);

        _s.Workflow.Finalise(ppv, _s.Psychologist, null, EscalationDue);

        PpvDeadlines.React(deadline, ppv, EscalationDue).ShouldBeEmpty();
    }

    [Test]
    public void React_refuses_a_deadline_that_is_not_a_PPV_deadline()
    {
        var ppv = _s.Requested();

        Should.Throw<ArgumentOutOfRangeException>(() => PpvDeadlines.React(Row(DeadlineKind.DecisionDispatch, ppv.Id, ReminderDue), ppv, ReminderDue).ToList());
    }
}
