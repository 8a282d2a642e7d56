using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Revisitation.RevisitationScenario;

namespace Visitation.Workflows.Tests.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate even if a sibling test namespace named Placement appears.
using Visitation.Workflows.Placements;

public class RevisitationPlannerTests
{
    private static readonly SchoolYear Year = new(2026);
    private static readonly DateTimeOffset PlannedAt = Times.At(2026, 8, 3, 8);

    private RevisitationScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new RevisitationScenario();

    private PlanningSubject Subject(Placement? placement = null, RevisitationCase? openCase = null, IReadOnlyList<PlanPerson>? people = null,
        RevisitationWorkflow? workflow = null) =>
        PlanningSubject.For(placement ?? _s.Placement, openCase, workflow ?? _s.Workflow, people ?? _s.People());

    private PlanProposal Propose(IEnumerable<PlanningSubject> subjects, AvailabilityCalendar? calendar = null, PlannerOptions? options = null,
        RevisitationPlan? existing = null, DateTimeOffset? now = null) =>
        RevisitationPlanner.Propose(Ids.Of(901), _s.OfferLeader, _s.OfferId, Year, subjects, calendar ?? AvailabilityCalendar.Empty, CurrentRules,
            now ?? PlannedAt, options, existing);

    private static Dictionary<RevisitationStep, DateOnly> Dates(RevisitationPlan plan, Guid placementId) =>
        plan.For(placementId).ToDictionary(e => e.Step, e => e.Date);

    private Placement PlacementDue(int n, DateOnly due, Guid? offerId = null)
    {
        var child = new Child(Ids.Of(10 + n), $"Barn {n} Syntetisk", CprNumber.Synthetic(new DateOnly(2015, 1, n), new Random(n)), _s.SchoolId, [Ids.Of(300 + n)]);
        var offer = offerId == _s.OtherOfferId ? _s.OtherOffer : _s.Offer;
        var lastDecision = due.AddMonths(-12);
        // The planner does not look at when a placement was registered, only at its due date.
        var registeredAt = lastDecision < DanishTime.Date(RegisteredAt) ? RegisteredAt : Times.At(lastDecision.Year, lastDecision.Month, lastDecision.Day, 15);
        return Placement.Register(Ids.Of(710 + n), child, offer, PlacementStart, lastDecision, ["Mål"], _s.Committee, CurrentRules, registeredAt);
    }

    private IReadOnlyList<PlanPerson> PeopleOf(Placement placement, int n) =>
    [
        new(ParticipantRole.Pupil, placement.ChildId, $"Barn {n}"),
        new(ParticipantRole.ContactTeacher, Ids.Of(1000 + n), $"Kontaktlærer {n}"),
        new(ParticipantRole.Guardian, Ids.Of(300 + n), $"Forælder {n}"),
        new(ParticipantRole.Psychologist, Ids.Of(1100 + n), $"Psykolog {n}"),
        new(ParticipantRole.DistrictSchoolLeader, _s.SchoolLeader.UserId, _s.SchoolLeader.DisplayName),
    ];

    // ---- Proposing ----

    [Test]
    public void Each_step_is_planned_working_back_from_the_due_date()
    {
        var plan = Propose([Subject()]).Plan;

        Dates(plan, _s.Placement.Id).ShouldBe(new Dictionary<RevisitationStep, DateOnly>
        {
            [RevisitationStep.PupilConversation] = new(2026, 10, 9),   // six weeks before
            [RevisitationStep.StatusMeeting] = new(2026, 10, 16),      // five weeks before
            [RevisitationStep.HandleplanAnswer] = new(2026, 10, 30),   // the rule set's 14 days to answer
            [RevisitationStep.ParentConversation] = new(2026, 11, 6),  // two weeks before
            [RevisitationStep.Decision] = new(2026, 11, 18),           // by the due date, 20 November
        });
        plan.Id.ShouldBe(Ids.Of(901));
        plan.OfferId.ShouldBe(_s.OfferId);
        plan.SchoolYearStart.ShouldBe(new DateOnly(2026, 8, 1));
        plan.SchoolYearEnd.ShouldBe(new DateOnly(2027, 7, 31));
        plan.Revision.ShouldBe(1);
        plan.Entries.ShouldAllBe(e => e.DueDate == Due && e.CaseId == null && !e.MovedByLeader);
    }

    [Test]
    public void Each_meeting_invites_exactly_its_participants_and_the_answer_and_decision_invite_nobody()
    {
        var plan = Propose([Subject()]).Plan;

        var invitations = plan.Invitations();

        invitations.Where(i => i.Step == RevisitationStep.PupilConversation).Select(i => (i.Role, i.PersonId, i.Date)).ShouldBe([
            (ParticipantRole.ContactTeacher, _s.ContactTeacherId, new DateOnly(2026, 10, 9)),
            (ParticipantRole.Pupil, _s.Child.Id, new DateOnly(2026, 10, 9)),
        ], ignoreOrder: true);
        invitations.Where(i => i.Step == RevisitationStep.StatusMeeting).Select(i => i.PersonId).ShouldBe(
            [_s.ContactTeacherId, _s.TeamMemberId, _s.OfferLeader.UserId, _s.Psychologist.UserId], ignoreOrder: true);
        invitations.Where(i => i.Step == RevisitationStep.ParentConversation).Select(i => i.PersonId).ShouldBe(
            [_s.ContactTeacherId, _s.TeamMemberId, _s.Child.Id, _s.GuardianId], ignoreOrder: true);
        invitations.ShouldNotContain(i => i.Step == RevisitationStep.HandleplanAnswer || i.Step == RevisitationStep.Decision);
        invitations.ShouldAllBe(i => i.PlacementId == _s.Placement.Id && i.ChildId == _s.Child.Id);
        invitations.Select(i => i.Date).ShouldBeInOrder();
    }

    [Test]
    public void A_decision_due_on_a_monday_is_planned_on_a_weekday_before_it()
    {
        var placement = PlacementDue(1, new DateOnly(2026, 11, 23));

        var plan = Propose([Subject(placement, people: PeopleOf(placement, 1))]).Plan;

        Dates(plan, placement.Id)[RevisitationStep.Decision].ShouldBe(new DateOnly(2026, 11, 20));
        plan.Entries.ShouldAllBe(e => e.Date.DayOfWeek != DayOfWeek.Saturday && e.Date.DayOfWeek != DayOfWeek.Sunday);
    }

    [Test]
    public void A_meeting_goes_to_the_nearest_day_everyone_it_needs_can_come()
    {
        var calendar = AvailabilityCalendar.Empty
            .Busy(_s.Psychologist.UserId, new DateOnly(2026, 10, 16))
            .Busy(_s.GuardianId, new DateOnly(2026, 11, 6), new DateOnly(2026, 11, 5));

        var dates = Dates(Propose([Subject()], calendar).Plan, _s.Placement.Id);

        dates[RevisitationStep.StatusMeeting].ShouldBe(new DateOnly(2026, 10, 15));
        dates[RevisitationStep.HandleplanAnswer].ShouldBe(new DateOnly(2026, 10, 29));
        dates[RevisitationStep.ParentConversation].ShouldBe(new DateOnly(2026, 11, 4));
        dates[RevisitationStep.PupilConversation].ShouldBe(new DateOnly(2026, 10, 9)); // the busy psychologist is not in the pupil conversation
    }

    [Test]
    public void Nobody_gets_more_meetings_a_day_than_allowed_the_offer_leader_included()
    {
        var due = new DateOnly(2026, 11, 20);
        var placements = Enumerable.Range(1, 5).Select(n => PlacementDue(n, due)).ToList();
        var subjects = placements.Select((p, i) => Subject(p, people: PeopleOf(p, i + 1))).ToList();

        var plan = Propose(subjects, options: new PlannerOptions(MaxMeetingsPerDay: 2)).Plan;

        var leaderDays = plan.Invitations().Where(i => i.PersonId == _s.OfferLeader.UserId).GroupBy(i => i.Date).ToList();
        leaderDays.Sum(g => g.Count()).ShouldBe(5);
        leaderDays.ShouldAllBe(g => g.Count() <= 2);
        plan.Invitations().GroupBy(i => (i.PersonId, i.Date)).ShouldAllBe(g => g.Count() <= 2);
    }

    [Test]
    public void No_step_is_planned_in_the_July_holiday_and_the_order_holds_for_a_child_due_in_August()
    {
        var placement = PlacementDue(1, new DateOnly(2027, 8, 20));

        var dates = Dates(Propose([Subject(placement, people: PeopleOf(placement, 1))]).Plan, placement.Id);

        dates.Values.ShouldAllBe(d => d.Month != 7);
        dates[RevisitationStep.PupilConversation].ShouldBe(new DateOnly(2027, 6, 30));
        dates[RevisitationStep.StatusMeeting].ShouldBe(new DateOnly(2027, 8, 2));
        dates[RevisitationStep.HandleplanAnswer].ShouldBe(new DateOnly(2027, 8, 16));
        dates[RevisitationStep.ParentConversation].ShouldBe(new DateOnly(2027, 8, 17));
        dates[RevisitationStep.Decision].ShouldBe(new DateOnly(2027, 8, 18));
    }

    [Test]
    public void No_step_is_planned_on_a_public_holiday_or_a_day_the_offer_is_closed()
    {
        var placement = PlacementDue(1, new DateOnly(2027, 6, 17)); // six weeks before is Ascension Day, 6 May 2027
        var closed = new PlannerOptions(ClosedDates: new HashSet<DateOnly> { new(2027, 5, 14) }); // the status meeting's target

        var dates = Dates(Propose([Subject(placement, people: PeopleOf(placement, 1))], options: closed).Plan, placement.Id);

        dates[RevisitationStep.PupilConversation].ShouldBe(new DateOnly(2027, 5, 5));
        dates[RevisitationStep.StatusMeeting].ShouldBe(new DateOnly(2027, 5, 13));
    }

    [Test]
    public void Children_due_after_the_school_year_and_its_look_ahead_wait_for_next_years_plan()
    {
        var late = PlacementDue(1, new DateOnly(2027, 10, 15));

        var plan = Propose([Subject(), Subject(late, people: PeopleOf(late, 1))]).Plan;

        plan.For(late.Id).ShouldBeEmpty();
        plan.For(_s.Placement.Id).ShouldNotBeEmpty();
    }

    [Test]
    public void An_overdue_revisitation_is_planned_as_soon_as_possible_and_reported()
    {
        var overdue = PlacementDue(1, new DateOnly(2026, 7, 1));

        var proposal = Propose([Subject(overdue, people: PeopleOf(overdue, 1))]);

        Dates(proposal.Plan, overdue.Id).ShouldBe(new Dictionary<RevisitationStep, DateOnly>
        {
            [RevisitationStep.PupilConversation] = new(2026, 8, 4),
            [RevisitationStep.StatusMeeting] = new(2026, 8, 5),
            [RevisitationStep.HandleplanAnswer] = new(2026, 8, 19),
            [RevisitationStep.ParentConversation] = new(2026, 8, 20),
            [RevisitationStep.Decision] = new(2026, 8, 21),
        });
        proposal.Problems.ShouldHaveSingleItem().Message.ShouldBe("Afgørelsen kan tidligst planlægges 21. august 2026, efter fristen 1. juli 2026.");
    }

    [Test]
    public void A_child_without_a_psychologist_is_planned_and_the_gap_is_reported()
    {
        var people = _s.People().Where(p => p.Role != ParticipantRole.Psychologist).ToList();

        var proposal = Propose([Subject(people: people)]);

        proposal.Plan.For(_s.Placement.Id).Count.ShouldBe(5);
        proposal.Problems.ShouldHaveSingleItem().Message.ShouldBe("Der er ikke angivet psykologen for barnet; trin med dem planlægges uden.");
    }

    [Test]
    public void The_offer_leader_stands_in_when_the_childs_list_names_no_offer_leader()
    {
        var people = _s.People().Where(p => p.Role != ParticipantRole.OfferLeader).ToList();

        var plan = Propose([Subject(people: people)]).Plan;

        plan.Find(_s.Placement.Id, RevisitationStep.StatusMeeting)!.Participants.ShouldContain(p => p.PersonId == _s.OfferLeader.UserId);
    }

    // ---- Who may plan ----

    [Test]
    public void Only_the_offer_leader_plans_and_only_their_own_offers_children()
    {
        Should.Throw<NotPermittedException>(() => RevisitationPlanner.Propose(Ids.Of(901), _s.SchoolLeader, _s.OfferId, Year, [Subject()],
                AvailabilityCalendar.Empty, CurrentRules, PlannedAt))
            .Message.ShouldBe("Som distriktsskoleleder kan du ikke planlægge revisitationer. Det gør lederen af tilbuddet.");
        Should.Throw<NotPermittedException>(() => RevisitationPlanner.Propose(Ids.Of(901), _s.OtherOfferLeader, _s.OfferId, Year, [Subject()],
                AvailabilityCalendar.Empty, CurrentRules, PlannedAt))
            .Message.ShouldBe("Du kan kun planlægge revisitationer i dit eget tilbud.");
        var elsewhere = PlacementDue(1, new DateOnly(2026, 12, 1), _s.OtherOfferId);
        Should.Throw<NotPermittedException>(() => Propose([Subject(), Subject(elsewhere, people: PeopleOf(elsewhere, 1))]))
            .Message.ShouldBe("Planen kan kun omfatte børn i dit eget tilbud.");
    }

    [Test]
    public void Only_the_offer_leader_reads_the_plan()
    {
        var plan = Propose([Subject()]).Plan;

        RevisitationAccess.CanReadPlan(_s.OfferLeader, plan).ShouldBeTrue();
        RevisitationAccess.CanReadPlan(_s.OtherOfferLeader, plan).ShouldBeFalse();
        RevisitationAccess.CanReadPlan(_s.SchoolLeader, plan).ShouldBeFalse();
    }

    // ---- Moving a step ----

    private IReadOnlyList<Invitation> Move(RevisitationPlan plan, RevisitationStep step, DateOnly date, AvailabilityCalendar? calendar = null,
        PlannerOptions? options = null, PlanningSubject? subject = null) =>
        RevisitationPlanner.Move(plan, _s.OfferLeader, subject ?? Subject(), step, date, calendar ?? AvailabilityCalendar.Empty, CurrentRules,
            PlannedAt.AddDays(1), options);

    [Test]
    public void The_leader_moves_a_step_and_gets_the_invitations_to_send_again()
    {
        var plan = Propose([Subject()]).Plan;

        var invitations = Move(plan, RevisitationStep.PupilConversation, new DateOnly(2026, 10, 7));

        invitations.Select(i => (i.Role, i.Date)).ShouldBe([
            (ParticipantRole.ContactTeacher, new DateOnly(2026, 10, 7)), (ParticipantRole.Pupil, new DateOnly(2026, 10, 7)),
        ]);
        var entry = plan.Find(_s.Placement.Id, RevisitationStep.PupilConversation)!;
        entry.Date.ShouldBe(new DateOnly(2026, 10, 7));
        entry.MovedByLeader.ShouldBeTrue();
        plan.Revision.ShouldBe(2);
        plan.UpdatedByUserId.ShouldBe(_s.OfferLeader.UserId);
    }

    [Test]
    public void Moving_the_status_meeting_moves_the_answer_deadline_with_it()
    {
        var plan = Propose([Subject()]).Plan;

        Move(plan, RevisitationStep.StatusMeeting, new DateOnly(2026, 10, 14));

        Dates(plan, _s.Placement.Id)[RevisitationStep.HandleplanAnswer].ShouldBe(new DateOnly(2026, 10, 28));
    }

    private static IEnumerable<TestCaseData> RefusedMoves()
    {
        TestCaseData Case(string name, RevisitationStep step, int m, int d, string message) =>
            new TestCaseData(step, new DateOnly(2026, m, d), message).SetName(name);
        yield return Case("A_step_is_not_moved_to_a_weekend", RevisitationStep.PupilConversation, 10, 10,
            "Elevsamtale kan ikke ligge der: 10. oktober 2026 er en lørdag.");
        yield return Case("A_step_is_not_moved_to_a_public_holiday", RevisitationStep.Decision, 12, 25,
            "Afgørelse kan ikke ligge der: 25. december 2026 er en helligdag.");
        yield return Case("A_step_is_not_moved_before_the_step_it_follows", RevisitationStep.StatusMeeting, 10, 8,
            "Statusmøde skal ligge efter elevsamtale (9. oktober 2026).");
        yield return Case("A_step_is_not_moved_after_the_step_it_precedes", RevisitationStep.PupilConversation, 10, 19,
            "Elevsamtale skal ligge før statusmøde (16. oktober 2026).");
        yield return Case("The_status_meeting_leaves_the_district_school_leader_the_answer_window", RevisitationStep.StatusMeeting, 10, 26,
            "Statusmødet skal ligge mindst 14 dage før forældresamtale (6. november 2026), så distriktsskolelederen kan nå at svare.");
        yield return Case("The_parent_conversation_comes_after_the_answer_deadline", RevisitationStep.ParentConversation, 10, 29,
            "Forældresamtale skal ligge efter distriktsskolelederens svarfrist (30. oktober 2026).");
        yield return Case("No_step_is_moved_past_the_due_date", RevisitationStep.Decision, 11, 23,
            "Afgørelse skal ligge senest 20. november 2026, som er fristen for revisitationen.");
        yield return Case("A_step_is_not_moved_into_the_past", RevisitationStep.PupilConversation, 8, 4,
            "Et trin kan kun flyttes til en dag efter i dag.");
        yield return Case("The_answer_deadline_is_not_moved_on_its_own", RevisitationStep.HandleplanAnswer, 10, 27,
            "Svarfristen for handleplanen følger af statusmødet; flyt statusmødet i stedet.");
    }

    [TestCaseSource(nameof(RefusedMoves))]
    public void A_move_that_breaks_a_rule_is_refused_in_Danish_and_changes_nothing(RevisitationStep step, DateOnly date, string message)
    {
        var plan = Propose([Subject()]).Plan;
        var before = Dates(plan, _s.Placement.Id);

        Should.Throw<InvalidInputException>(() => Move(plan, step, date)).Message.ShouldBe(message);

        Dates(plan, _s.Placement.Id).ShouldBe(before);
        plan.Revision.ShouldBe(1);
    }

    [Test]
    public void A_step_is_not_moved_to_a_day_a_participant_cannot_come()
    {
        var plan = Propose([Subject()]).Plan;
        var calendar = AvailabilityCalendar.Empty.Busy(_s.Psychologist.UserId, new DateOnly(2026, 10, 14));

        Should.Throw<InvalidInputException>(() => Move(plan, RevisitationStep.StatusMeeting, new DateOnly(2026, 10, 14), calendar))
            .Message.ShouldBe("Psykolog Syntetisk kan ikke 14. oktober 2026.");
    }

    [Test]
    public void A_step_is_not_moved_to_a_day_a_participant_already_has_too_many_meetings()
    {
        var other = PlacementDue(1, new DateOnly(2026, 11, 19));
        var plan = Propose([Subject(), Subject(other, people: PeopleOf(other, 1))], options: new PlannerOptions(MaxMeetingsPerDay: 1)).Plan;
        var othersMeeting = plan.Find(other.Id, RevisitationStep.StatusMeeting)!.Date;

        Should.Throw<InvalidInputException>(() => Move(plan, RevisitationStep.StatusMeeting, othersMeeting, options: new PlannerOptions(MaxMeetingsPerDay: 1)))
            .Message.ShouldBe($"Tilbudsleder Syntetisk har allerede 1 møder {DanishTime.LongDate(othersMeeting)}.");
    }

    [Test]
    public void A_step_already_done_is_not_moved()
    {
        var plan = Propose([Subject()]).Plan;
        var c = _s.PupilConversationHeld();

        Should.Throw<WrongStateException>(() => Move(plan, RevisitationStep.PupilConversation, new DateOnly(2026, 10, 13), subject: Subject(openCase: c)))
            .Message.ShouldBe("Elevsamtale er allerede gennemført for barnet og gennemføres ikke igen.");
    }

    [Test]
    public void Only_the_plans_offer_leader_moves_its_steps()
    {
        var plan = Propose([Subject()]).Plan;

        Should.Throw<NotPermittedException>(() => RevisitationPlanner.Move(plan, _s.OtherOfferLeader, Subject(), RevisitationStep.PupilConversation,
            new DateOnly(2026, 10, 7), AvailabilityCalendar.Empty, CurrentRules, PlannedAt));
    }

    // ---- Re-planning ----

    [Test]
    public void Re_planning_keeps_the_dates_already_given_including_those_the_leader_moved()
    {
        var plan = Propose([Subject()]).Plan;
        Move(plan, RevisitationStep.PupilConversation, new DateOnly(2026, 10, 7));
        var ids = plan.Entries.Select(e => e.Id).ToList();

        var again = Propose([Subject()], existing: plan, now: PlannedAt.AddDays(2));

        again.Plan.ShouldBeSameAs(plan);
        plan.Entries.Select(e => e.Id).ShouldBe(ids, ignoreOrder: true);
        Dates(plan, _s.Placement.Id)[RevisitationStep.PupilConversation].ShouldBe(new DateOnly(2026, 10, 7));
        plan.Revision.ShouldBe(3);
    }

    [Test]
    public void Re_planning_after_a_request_for_discussion_adds_the_revisitation_meeting_and_drops_the_steps_done()
    {
        var plan = Propose([Subject()]).Plan;
        var parentConversation = plan.Find(_s.Placement.Id, RevisitationStep.ParentConversation)!;
        var decision = plan.Find(_s.Placement.Id, RevisitationStep.Decision)!;
        var c = _s.HandleplanAnswered(HandleplanAnswer.WantsDiscussion);

        Propose([Subject(openCase: c)], existing: plan, now: HandleplanAnsweredAt);

        plan.For(_s.Placement.Id).Select(e => (e.Step, e.Date)).ShouldBe([
            (RevisitationStep.ParentConversation, new DateOnly(2026, 11, 6)),
            (RevisitationStep.RevisitationMeeting, new DateOnly(2026, 11, 13)),
            (RevisitationStep.Decision, new DateOnly(2026, 11, 18)),
        ]);
        plan.Find(_s.Placement.Id, RevisitationStep.ParentConversation).ShouldBeSameAs(parentConversation);
        plan.Find(_s.Placement.Id, RevisitationStep.Decision).ShouldBeSameAs(decision);
        plan.Entries.ShouldAllBe(e => e.CaseId == c.Id);
        plan.InvitationsFor(plan.Find(_s.Placement.Id, RevisitationStep.RevisitationMeeting)!).Select(i => i.Role).ShouldBe([
            ParticipantRole.OfferLeader, ParticipantRole.DistrictSchoolLeader, ParticipantRole.Psychologist, ParticipantRole.Guardian,
        ]);
    }

    [Test]
    public void A_decided_child_drops_out_of_the_plan()
    {
        var plan = Propose([Subject()]).Plan;
        var c = _s.Decided();

        var subject = Subject(openCase: c);

        subject.RemainingSteps.ShouldBeEmpty();
        Propose([subject], existing: plan, now: DecidedAt).Plan.For(_s.Placement.Id).ShouldBeEmpty();
    }
}
