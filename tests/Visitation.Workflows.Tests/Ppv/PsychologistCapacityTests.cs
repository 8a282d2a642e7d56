using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Ppv.PpvScenario;

namespace Visitation.Workflows.Tests.Ppv;

public class PsychologistCapacityTests
{
    private PpvScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new PpvScenario();

    [Test]
    public void Assigning_within_capacity_records_the_assignment_without_a_reason()
    {
        var ppv = _s.Prioritised();

        _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.Psychologist, 2, "overflødig begrundelse", CurrentRules, AssignedAt);

        ppv.State.ShouldBe(PpvState.Assigned);
        ppv.AssignedPsychologistId.ShouldBe(_s.Psychologist.UserId);
        ppv.AssignedPsychologistName.ShouldBe("Psykolog Syntetisk");
        var assignment = ppv.Assignments.ShouldHaveSingleItem();
        assignment.AssignedByUserId.ShouldBe(_s.ServiceLeader.UserId);
        assignment.ActiveAssessmentsBefore.ShouldBe(2);
        assignment.Capacity.ShouldBe(3);
        assignment.IsOverCapacity.ShouldBeFalse();
        assignment.OverCapacityReason.ShouldBeNull();
        ppv.History[^1].Detail.ShouldBe("Tildelt Psykolog Syntetisk.");
    }

    [Test]
    public void Assigning_beyond_capacity_without_a_reason_is_refused_in_Danish()
    {
        var ppv = _s.Prioritised();
        var revision = ppv.Revision;

        var ex = Should.Throw<InvalidInputException>(() => _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.Psychologist, 3, "  ", CurrentRules, AssignedAt));

        ex.Field.ShouldBe("overCapacityReason");
        ex.Message.ShouldBe("Psykolog Syntetisk har allerede 3 igangværende vurderinger, og kapaciteten er 3. Angiv en begrundelse, hvis sagen alligevel skal tildeles.");
        ppv.State.ShouldBe(PpvState.AwaitingAssignment);
        ppv.AssignedPsychologistId.ShouldBeNull();
        ppv.Assignments.ShouldBeEmpty();
        ppv.Revision.ShouldBe(revision);
    }

    [Test]
    public void Assigning_beyond_capacity_with_a_reason_is_allowed_and_the_reason_is_recorded()
    {
        var ppv = _s.Prioritised();

        _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.Psychologist, 4, "Akut sag; psykologen kender familien.", CurrentRules, AssignedAt);

        ppv.State.ShouldBe(PpvState.Assigned);
        var assignment = ppv.Assignments.ShouldHaveSingleItem();
        assignment.IsOverCapacity.ShouldBeTrue();
        assignment.OverCapacityReason.ShouldBe("Akut sag; psykologen kender familien.");
        assignment.ActiveAssessmentsBefore.ShouldBe(4);
        ppv.History[^1].Detail.ShouldBe("Tildelt Psykolog Syntetisk. Ud over kapaciteten (4 igangværende, kapacitet 3): Akut sag; psykologen kender familien.");
    }

    [Test]
    public void The_capacity_comes_from_the_rule_set()
    {
        var ppv = _s.Prioritised();
        var rules = CurrentRules with { Ppv = CurrentRules.Ppv with { ConcurrentAssessmentsPerPsychologist = 1 } };

        Should.Throw<InvalidInputException>(() => _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.Psychologist, 1, null, rules, AssignedAt))
            .Message.ShouldContain("kapaciteten er 1");
        PsychologistCapacity.IsFull(0, rules).ShouldBeFalse();
        PsychologistCapacity.IsFull(1, rules).ShouldBeTrue();
    }

    [Test]
    public void Reassigning_to_a_colleague_at_capacity_needs_a_reason_too()
    {
        var ppv = _s.InAssessment();

        Should.Throw<InvalidInputException>(() => _s.Workflow.Reassign(ppv, _s.ServiceLeader, _s.Colleague, 3, null, CurrentRules, NoteAt.AddDays(1)))
            .Field.ShouldBe("overCapacityReason");

        _s.Workflow.Reassign(ppv, _s.ServiceLeader, _s.Colleague, 3, "Psykologen er sygemeldt.", CurrentRules, NoteAt.AddDays(1));

        ppv.State.ShouldBe(PpvState.InAssessment);
        ppv.AssignedPsychologistId.ShouldBe(_s.Colleague.UserId);
        ppv.Assignments.Count.ShouldBe(2);
        ppv.History[^1].Detail.ShouldStartWith("Flyttet fra Psykolog Syntetisk til Kollega Syntetisk.");
        PpvAccess.CanReadNotes(_s.Colleague, ppv).ShouldBeTrue();
        PpvAccess.CanReadNotes(_s.Psychologist, ppv).ShouldBeFalse();
        Should.Throw<NotPermittedException>(() => _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Other, "x", NoteAt.AddDays(2), NoteAt.AddDays(2)));
    }

    [Test]
    public void Reassigning_to_the_psychologist_who_has_the_case_is_refused()
    {
        var ppv = _s.Assigned();

        Should.Throw<InvalidInputException>(() => _s.Workflow.Reassign(ppv, _s.ServiceLeader, _s.Psychologist, 0, null, CurrentRules, NoteAt))
            .Message.ShouldBe("Sagen er allerede tildelt Psykolog Syntetisk.");
    }

    [Test]
    public void Only_a_psychologist_can_be_given_the_case()
    {
        var ppv = _s.Prioritised();

        Should.Throw<InvalidInputException>(() => _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.SchoolLeader, 0, null, CurrentRules, AssignedAt))
            .Message.ShouldBe("Sagen kan kun tildeles en psykolog.");
    }

    [Test]
    public void Active_assessments_count_only_cases_from_assignment_until_final()
    {
        var cases = new[]
        {
            new PpvScenario().Prioritised(),
            new PpvScenario().Assigned(),
            new PpvScenario().InAssessment(),
            new PpvScenario().Drafted(),
            new PpvScenario().InHearing(),
            new PpvScenario().Final(),
        };

        PsychologistCapacity.ActiveAssessments(cases, _s.Psychologist.UserId).ShouldBe(4);
        PsychologistCapacity.ActiveAssessments(cases, _s.Colleague.UserId).ShouldBe(0);
    }

    // ---- Queues ----

    private PpvCase RequestFor(int n, Guid schoolId, DateTimeOffset at)
    {
        var child = new Child(Ids.Of(900 + n), $"Barn {n}", CprNumber.Synthetic(new DateOnly(2016, 1, n), new Random(n)), schoolId, [Ids.Of(950 + n)]);
        var leader = Actor.SchoolLeader(Ids.Of(501), "Skoleleder", schoolId);
        return _s.Workflow.Request(Ids.Of(800 + n), child, leader, "Behov for vurdering.", CurrentRules, at);
    }

    private void Consent(PpvCase ppv, DateTimeOffset at) =>
        _s.Workflow.RecordConsent(ppv, Actor.SchoolLeader(Ids.Of(501), "Skoleleder", ppv.DistrictSchoolId), ppv.GuardianIds.ToList(), ConsentScopes.All, at, at);

    [Test]
    public void The_school_queue_lists_the_schools_open_requests_prioritised_first_with_waiting_time()
    {
        var now = Times.At(2026, 10, 1, 12);
        var oldest = RequestFor(1, _s.SchoolId, Times.At(2026, 8, 3));
        var low = RequestFor(2, _s.SchoolId, Times.At(2026, 8, 10));
        var high = RequestFor(3, _s.SchoolId, Times.At(2026, 9, 1));
        var otherSchool = RequestFor(4, _s.OtherSchoolId, Times.At(2026, 8, 1));
        foreach (var ppv in new[] { low, high })
        {
            Consent(ppv, Times.At(2026, 9, 2));
        }
        _s.Workflow.Prioritise(low, _s.SchoolLeader, PpvPriority.Low, new DateOnly(2026, 9, 8), Times.At(2026, 9, 8, 15));
        _s.Workflow.Prioritise(high, _s.SchoolLeader, PpvPriority.High, new DateOnly(2026, 9, 8), Times.At(2026, 9, 8, 15));
        var final = _s.Final();

        var queue = PsychologistCapacity.SchoolQueue([oldest, low, high, otherSchool, final], _s.SchoolId, now);

        queue.Select(e => e.PpvCaseId).ShouldBe([high.Id, low.Id, oldest.Id]);
        var first = queue[0];
        first.Priority.ShouldBe(PpvPriority.High);
        first.State.ShouldBe(PpvState.AwaitingAssignment);
        first.RequestedAt.ShouldBe(Times.At(2026, 9, 1));
        first.Waiting.ShouldBe(TimeSpan.FromDays(30) + TimeSpan.FromHours(3));
        first.WaitingDays.ShouldBe(30);
        first.IsPastTarget.ShouldBeFalse();
        first.PsychologistUserId.ShouldBeNull();
        queue[2].Priority.ShouldBeNull();
        queue[2].State.ShouldBe(PpvState.Requested);
        queue[2].WaitingDays.ShouldBe(59);
    }

    [Test]
    public void The_psychologists_queue_shows_their_current_assessments_against_capacity()
    {
        var now = Times.At(2026, 12, 5);
        var drafted = new PpvScenario().Drafted();
        var inHearing = new PpvScenario().InHearing();
        var final = new PpvScenario().Final();
        var unassigned = new PpvScenario().Prioritised();

        var queue = PsychologistCapacity.QueueOf([drafted, inHearing, final, unassigned], _s.Psychologist.UserId, CurrentRules, now);

        queue.PsychologistUserId.ShouldBe(_s.Psychologist.UserId);
        queue.Capacity.ShouldBe(3);
        queue.Active.ShouldBe(2);
        queue.FreePlaces.ShouldBe(1);
        queue.IsFull.ShouldBeFalse();
        queue.Cases.ShouldAllBe(e => e.PsychologistUserId == _s.Psychologist.UserId && e.PsychologistName == "Psykolog Syntetisk");
        queue.Cases.ShouldAllBe(e => e.IsPastTarget && e.WaitingDays == 95);
    }

    [Test]
    public void A_psychologist_assigned_beyond_capacity_shows_as_over_capacity()
    {
        var cases = Enumerable.Range(0, 4).Select(_ => new PpvScenario().Assigned()).ToList();

        var queue = PsychologistCapacity.QueueOf(cases, _s.Psychologist.UserId, CurrentRules, AssignedAt);

        queue.Active.ShouldBe(4);
        queue.IsOverCapacity.ShouldBeTrue();
        queue.FreePlaces.ShouldBe(0);
    }
}
