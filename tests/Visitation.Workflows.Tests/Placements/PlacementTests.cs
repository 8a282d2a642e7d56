using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Tests.Revisitation;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Placements;

// Inside the namespace, so 'Placement' is the aggregate even if a sibling test namespace named Placement appears.
using Visitation.Workflows.Placements;

public class PlacementTests
{
    private static readonly string[] Goals = ["Barnet deltager i fællesskabet i klassen.", "Barnet læser alderssvarende."];

    private RevisitationScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new RevisitationScenario();

    private static MeetingInput StartMeetingInput(DateTimeOffset at, params ParticipantRole[] roles) =>
        new(at, (roles.Length == 0 ? Placement.StartMeetingParticipants : roles).Select(r => new ParticipantInput(r, $"{r} Syntetisk")).ToList(),
            "Distriktsskolen forventer, at barnet bevarer tilknytningen til sin klasse.");

    // ---- From the committee's decision ----

    [Test]
    public void A_committee_placement_decision_creates_a_placement_with_child_offer_decision_start_goals_and_due_date()
    {
        var referrals = new ReferralScenario();
        var referral = referrals.DecidedPlacement();
        var decision = referral.LatestDecision!;
        var now = ReferralScenario.AutumnCommitteeMeeting.AddHours(2);

        var placement = Placement.FromDecision(Ids.Of(701), referral, referrals.Child, Goals, referrals.Committee, RevisitationScenario.CurrentRules, now);

        placement.Id.ShouldBe(Ids.Of(701));
        placement.ChildId.ShouldBe(referrals.Child.Id);
        placement.DistrictSchoolId.ShouldBe(referrals.SchoolId);
        placement.OfferId.ShouldBe(referrals.OfferId);
        placement.ReferralId.ShouldBe(referral.Id);
        placement.DecisionId.ShouldBe(decision.Id);
        placement.StartDate.ShouldBe(ReferralScenario.PlacementStart);
        placement.Status.ShouldBe(PlacementStatus.Active);
        placement.Goals.Select(g => (g.Position, g.Text)).ShouldBe([(1, Goals[0]), (2, Goals[1])]);
        placement.LastDecisionDate.ShouldBe(new DateOnly(2026, 10, 15));
        placement.NextRevisitationDue.ShouldBe(new DateOnly(2027, 10, 15));
        placement.RuleSetVersion.ShouldBe("2026.1");
        referrals.Child.CurrentOfferId.ShouldBe(referrals.OfferId);
        var created = placement.History.ShouldHaveSingleItem();
        created.Kind.ShouldBe(PlacementEventKind.Created);
        created.ActorUserId.ShouldBe(referrals.Committee.UserId);
        created.Detail.ShouldBe("Placering oprettet ud fra visitationsudvalgets afgørelse. Start 2. november 2026; revisitation senest 15. oktober 2027.");
        placement.Revision.ShouldBe(1);
    }

    [Test]
    public void A_new_placement_asks_for_reminders_60_and_30_days_before_its_due_date_and_an_escalation_the_day_after()
    {
        var referrals = new ReferralScenario();
        var referral = referrals.DecidedPlacement();

        var placement = Placement.FromDecision(Ids.Of(701), referral, referrals.Child, Goals, referrals.Committee, RevisitationScenario.CurrentRules,
            ReferralScenario.AutumnCommitteeMeeting);

        placement.DeadlineChanges.ShouldBe([
            new ScheduleDeadline(DeadlineKind.RevisitationReminder, placement.Id, Times.At(2027, 8, 16, 7)),
            new ScheduleDeadline(DeadlineKind.RevisitationReminder, placement.Id, Times.At(2027, 9, 15, 7)),
            new ScheduleDeadline(DeadlineKind.RevisitationEscalation, placement.Id, Times.At(2027, 10, 16, 7)),
        ]);
    }

    [Test]
    public void Only_the_committee_creates_a_placement_from_a_decision()
    {
        var referrals = new ReferralScenario();
        var referral = referrals.DecidedPlacement();

        Should.Throw<NotPermittedException>(() => Placement.FromDecision(Ids.Of(701), referral, referrals.Child, Goals, referrals.OfferLeader,
                RevisitationScenario.CurrentRules, ReferralScenario.AutumnCommitteeMeeting))
            .Message.ShouldBe("Kun visitationsudvalget kan oprette en placering ud fra en afgørelse.");
    }

    [Test]
    public void A_return_to_the_general_school_gives_no_placement()
    {
        var referrals = new ReferralScenario();
        var referral = referrals.DecidedReturnToGeneral();

        Should.Throw<WrongStateException>(() => Placement.FromDecision(Ids.Of(701), referral, referrals.Child, Goals, referrals.Committee,
                RevisitationScenario.CurrentRules, ReferralScenario.AutumnCommitteeMeeting))
            .Message.ShouldBe("Der er ikke truffet afgørelse om visitation til et specialtilbud på henvisningen.");
    }

    [Test]
    public void A_placement_needs_at_least_one_goal_from_the_handleplan()
    {
        var ex = Should.Throw<InvalidInputException>(() => Placement.Register(Ids.Of(702), _s.Child, _s.Offer, RevisitationScenario.PlacementStart,
            RevisitationScenario.LastDecision, [" "], _s.Committee, RevisitationScenario.CurrentRules, RevisitationScenario.RegisteredAt));

        ex.Field.ShouldBe("goals");
        ex.Message.ShouldBe("En placering skal have mindst ét mål fra handleplanen.");
    }

    // ---- Due date ----

    [Test]
    public void The_due_date_is_the_last_decision_plus_the_rule_sets_months()
    {
        _s.Placement.LastDecisionDate.ShouldBe(new DateOnly(2025, 11, 20));
        _s.Placement.NextRevisitationDue.ShouldBe(new DateOnly(2026, 11, 20));
    }

    [TestCase(2024, 2, 29, 12, 2025, 2, 28)]
    [TestCase(2026, 1, 31, 1, 2026, 2, 28)]
    [TestCase(2026, 8, 31, 6, 2027, 2, 28)]
    [TestCase(2026, 3, 15, 12, 2027, 3, 15)]
    public void The_due_date_is_never_later_than_the_rule_allows_even_at_a_months_end(int y, int m, int d, int months, int dy, int dm, int dd)
    {
        var rules = RevisitationScenario.CurrentRules with
        {
            Revisitation = RevisitationScenario.CurrentRules.Revisitation with { MaxMonthsBetweenDecisions = months },
        };

        RevisitationDue.DueAfter(new DateOnly(y, m, d), rules).ShouldBe(new DateOnly(dy, dm, dd));
    }

    [Test]
    public void A_placement_registered_from_before_the_system_carries_its_due_date_from_the_first_day()
    {
        var placement = _s.Placement;

        placement.ReferralId.ShouldBeNull();
        placement.DecisionId.ShouldBeNull();
        placement.History.ShouldHaveSingleItem().Detail
            .ShouldBe("Eksisterende placering i Testklassen (syntetisk) registreret. Seneste afgørelse 20. november 2025; revisitation senest 20. november 2026.");
        placement.DeadlineChanges.Select(c => ((ScheduleDeadline)c).DueAt).ShouldBe([
            Times.At(2026, 9, 21, 7), Times.At(2026, 10, 21, 7),
            Times.At(2026, 11, 21, 8), // 07:00 Danish winter time (+01:00)
        ]);
        _s.Child.CurrentOfferId.ShouldBe(_s.OfferId);
    }

    [Test]
    public void A_placement_registered_already_overdue_gets_no_reminders_in_the_past_but_escalates_at_once()
    {
        var placement = Placement.Register(Ids.Of(702), _s.Child, _s.Offer, new DateOnly(2024, 8, 12), new DateOnly(2025, 7, 1), Goals,
            _s.Committee, RevisitationScenario.CurrentRules, RevisitationScenario.RegisteredAt);

        placement.NextRevisitationDue.ShouldBe(new DateOnly(2026, 7, 1));
        placement.DeadlineChanges.ShouldBe([new ScheduleDeadline(DeadlineKind.RevisitationEscalation, placement.Id, Times.At(2026, 7, 2, 7))]);
    }

    [Test]
    public void Registering_refuses_a_last_decision_in_the_future_and_an_inactive_offer()
    {
        Should.Throw<InvalidInputException>(() => Placement.Register(Ids.Of(702), _s.Child, _s.Offer, RevisitationScenario.PlacementStart,
                new DateOnly(2026, 9, 1), Goals, _s.Committee, RevisitationScenario.CurrentRules, RevisitationScenario.RegisteredAt))
            .Message.ShouldBe("Datoen for den seneste afgørelse kan ikke ligge i fremtiden.");
        _s.OtherOffer.Change(_s.OtherOffer.Name, 8, isActive: false);
        Should.Throw<InvalidInputException>(() => Placement.Register(Ids.Of(702), _s.Child, _s.OtherOffer, RevisitationScenario.PlacementStart,
                RevisitationScenario.LastDecision, Goals, _s.Committee, RevisitationScenario.CurrentRules, RevisitationScenario.RegisteredAt))
            .Field.ShouldBe("offerId");
        Should.Throw<NotPermittedException>(() => Placement.Register(Ids.Of(702), _s.Child, _s.Offer, RevisitationScenario.PlacementStart,
            RevisitationScenario.LastDecision, Goals, _s.Admin, RevisitationScenario.CurrentRules, RevisitationScenario.RegisteredAt));
    }

    // ---- Start meeting and handleplan handover ----

    [Test]
    public void The_offer_leader_schedules_and_records_the_start_meeting_with_the_district_schools_expectations()
    {
        var placement = _s.Placement;
        var plannedFor = Times.At(2026, 8, 20, 13);

        placement.ScheduleStartMeeting(_s.OfferLeader, plannedFor, RevisitationScenario.RegisteredAt);
        placement.RecordStartMeeting(_s.SchoolLeader, StartMeetingInput(plannedFor), "Tæt kontakt til klassen; ugentlig besked til forældrene.", plannedFor.AddHours(2));

        placement.StartMeetingPlannedAt.ShouldBe(plannedFor);
        var meeting = placement.StartMeeting.ShouldNotBeNull();
        meeting.Kind.ShouldBe(MeetingKind.StartMeeting);
        meeting.HeldAt.ShouldBe(plannedFor);
        meeting.Participants.Select(p => p.Role).ShouldBe([ParticipantRole.DistrictSchoolLeader, ParticipantRole.OfferLeader, ParticipantRole.Guardian]);
        meeting.RecordedByUserId.ShouldBe(_s.SchoolLeader.UserId);
        placement.DistrictSchoolExpectations.ShouldBe("Tæt kontakt til klassen; ugentlig besked til forældrene.");
        placement.History.Select(h => h.Kind).ShouldBe([PlacementEventKind.Registered, PlacementEventKind.StartMeetingScheduled, PlacementEventKind.StartMeetingHeld]);
        placement.Revision.ShouldBe(3);
    }

    [Test]
    public void A_start_meeting_without_the_parents_is_refused_naming_who_is_missing()
    {
        var at = Times.At(2026, 8, 20, 13);

        var ex = Should.Throw<InvalidInputException>(() => _s.Placement.RecordStartMeeting(_s.OfferLeader,
            StartMeetingInput(at, ParticipantRole.DistrictSchoolLeader, ParticipantRole.OfferLeader), "Forventninger.", at));

        ex.Field.ShouldBe("meeting.participants");
        ex.Message.ShouldBe("I opstartsmødet skal disse deltage: distriktsskolelederen, lederen af specialtilbuddet, forældrene. Mangler: forældrene.");
        _s.Placement.StartMeeting.ShouldBeNull();
    }

    [Test]
    public void A_start_meeting_is_recorded_once_and_only_after_it_was_held()
    {
        var at = Times.At(2026, 8, 20, 13);

        Should.Throw<InvalidInputException>(() => _s.Placement.RecordStartMeeting(_s.OfferLeader, StartMeetingInput(at), "Forventninger.", at.AddHours(-1)))
            .Message.ShouldBe("Opstartsmødet kan først registreres, når det er holdt.");
        _s.Placement.RecordStartMeeting(_s.OfferLeader, StartMeetingInput(at), "Forventninger.", at);
        Should.Throw<WrongStateException>(() => _s.Placement.RecordStartMeeting(_s.OfferLeader, StartMeetingInput(at), "Forventninger.", at))
            .Message.ShouldBe("Opstartsmødet blev holdt 20. august 2026.");
        Should.Throw<WrongStateException>(() => _s.Placement.ScheduleStartMeeting(_s.OfferLeader, at.AddDays(3), at));
    }

    [Test]
    public void The_handleplan_handover_is_recorded_once()
    {
        var at = Times.At(2026, 8, 18, 12);

        _s.Placement.RecordHandleplanHandover(_s.SchoolLeader, at, at);

        _s.Placement.HandleplanHandedOverAt.ShouldBe(at);
        _s.Placement.History[^1].Detail.ShouldBe("Handleplanen overdraget fra distriktsskolen til tilbuddet 18. august 2026.");
        Should.Throw<WrongStateException>(() => _s.Placement.RecordHandleplanHandover(_s.OfferLeader, at, at.AddDays(1)))
            .Message.ShouldBe("Handleplanen blev overdraget 18. august 2026.");
    }

    [TestCase(Role.OfferLeader, false, "Du har ikke adgang til denne placering.")]
    [TestCase(Role.DistrictSchoolLeader, false, "Du har ikke adgang til denne placering.")]
    [TestCase(Role.Guardian, true, "Som forælder kan du ikke planlægge opstartsmødet.")]
    [TestCase(Role.Psychologist, true, "Som psykolog kan du ikke planlægge opstartsmødet.")]
    [TestCase(Role.CommitteeMember, true, "Som medlem af visitationsudvalget kan du ikke planlægge opstartsmødet.")]
    [TestCase(Role.Administrator, true, "Som administrator kan du ikke planlægge opstartsmødet.")]
    public void Only_the_offer_leader_and_the_district_school_leader_of_the_child_plan_the_start_meeting(Role role, bool inScope, string message)
    {
        var revision = _s.Placement.Revision;

        Should.Throw<NotPermittedException>(() => _s.Placement.ScheduleStartMeeting(_s.ActorFor(role, inScope), Times.At(2026, 8, 20), RevisitationScenario.RegisteredAt))
            .Message.ShouldBe(message);
        _s.Placement.Revision.ShouldBe(revision);
    }

    // ---- Ending ----

    private void DecideFullReturn(DateOnly endDate)
    {
        var c = _s.RevisitationMeetingHeld();
        _s.Workflow.DecideEnd(c, _s.Placement, _s.OfferLeader, PhaseOutKind.Full, endDate, "Fuld skolegang på distriktsskolen fra januar.",
            "Målene er nået.", RevisitationScenario.CurrentRules, RevisitationScenario.DecidedAt);
    }

    [Test]
    public void A_decided_full_return_phases_out_the_placement_and_stops_its_revisitation_deadlines()
    {
        _s.Placement.ClearDeadlineChanges();

        DecideFullReturn(new DateOnly(2026, 12, 18));

        _s.Placement.Status.ShouldBe(PlacementStatus.PhasingOut);
        _s.Placement.NextRevisitationDue.ShouldBeNull();
        _s.Placement.PhaseOut.ShouldNotBeNull().Kind.ShouldBe(PhaseOutKind.Full);
        _s.Placement.PhaseOut!.EndDate.ShouldBe(new DateOnly(2026, 12, 18));
        _s.Placement.DeadlineChanges.ShouldBe([
            new CancelDeadlines(DeadlineKind.RevisitationReminder, _s.Placement.Id),
            new CancelDeadlines(DeadlineKind.RevisitationEscalation, _s.Placement.Id),
        ]);
    }

    [Test]
    public void A_full_return_is_completed_on_its_end_date_and_the_child_leaves_the_offer()
    {
        DecideFullReturn(new DateOnly(2026, 12, 18));

        Should.Throw<WrongStateException>(() => _s.Placement.CompleteFullReturn(_s.Child, _s.OfferLeader, Times.At(2026, 12, 17, 15)))
            .Message.ShouldBe("Placeringen slutter først 18. december 2026.");
        _s.Placement.CompleteFullReturn(_s.Child, _s.SchoolLeader, Times.At(2026, 12, 18, 15));

        _s.Placement.Status.ShouldBe(PlacementStatus.Ended);
        _s.Placement.EndedAt.ShouldBe(Times.At(2026, 12, 18, 15));
        _s.Child.CurrentOfferId.ShouldBeNull();
        _s.Placement.History[^1].Kind.ShouldBe(PlacementEventKind.Ended);
    }

    [Test]
    public void Without_a_decided_full_return_the_placement_cannot_be_completed()
    {
        Should.Throw<WrongStateException>(() => _s.Placement.CompleteFullReturn(_s.Child, _s.OfferLeader, RevisitationScenario.DecidedAt))
            .Message.ShouldBe("Der er ikke besluttet fuld tilbagevenden til distriktsskolen for denne placering.");
    }

    [Test]
    public void The_committee_ends_a_placement_only_when_no_revisitation_is_running()
    {
        var c = _s.Started();
        Should.Throw<WrongStateException>(() => _s.Placement.EndByCommittee(_s.Child, _s.Committee, "Barnet er visiteret til et andet tilbud.", RevisitationScenario.DecidedAt))
            .Message.ShouldBe("Der er en igangværende revisitation. Annullér den først.");
        _s.Workflow.Cancel(c, _s.Placement, _s.OfferLeader, "Barnet er visiteret til et andet tilbud.", RevisitationScenario.DecidedAt);

        _s.Placement.EndByCommittee(_s.Child, _s.Committee, "Barnet er visiteret til et andet tilbud.", RevisitationScenario.DecidedAt);

        _s.Placement.Status.ShouldBe(PlacementStatus.Ended);
        _s.Placement.NextRevisitationDue.ShouldBeNull();
        _s.Placement.EndReason.ShouldBe("Barnet er visiteret til et andet tilbud.");
        Should.Throw<NotPermittedException>(() => _s.Placement.EndByCommittee(_s.Child, _s.OfferLeader, "x", RevisitationScenario.DecidedAt));
    }

    // ---- Who may read ----

    [TestCase(Role.CommitteeMember, true, true)]
    [TestCase(Role.OfferLeader, true, true)]
    [TestCase(Role.OfferLeader, false, false)]
    [TestCase(Role.DistrictSchoolLeader, true, true)]
    [TestCase(Role.DistrictSchoolLeader, false, false)]
    [TestCase(Role.Psychologist, true, true)]
    [TestCase(Role.Psychologist, false, false)]
    [TestCase(Role.Guardian, true, true)]
    [TestCase(Role.Guardian, false, false)]
    [TestCase(Role.Administrator, true, false)]
    public void A_placement_is_read_by_its_offer_leader_its_district_school_its_psychologist_its_guardians_and_the_committee(Role role, bool inScope, bool expected)
    {
        PlacementAccess.CanRead(_s.ActorFor(role, inScope), _s.Placement).ShouldBe(expected);
    }

    [Test]
    public void A_district_school_leader_reads_their_childs_placement_in_any_offer()
    {
        var elsewhere = Placement.Register(Ids.Of(703),
            new Child(Ids.Of(3), "Andet Barn", CprNumber.Synthetic(new DateOnly(2014, 5, 5), new Random(3)), _s.SchoolId, [Ids.Of(303)]),
            _s.OtherOffer, RevisitationScenario.PlacementStart, RevisitationScenario.LastDecision, Goals, _s.Committee, RevisitationScenario.CurrentRules,
            RevisitationScenario.RegisteredAt);

        PlacementAccess.CanRead(_s.SchoolLeader, elsewhere).ShouldBeTrue();
        PlacementAccess.CanRead(_s.OfferLeader, elsewhere).ShouldBeFalse();
        PlacementAccess.CanRead(_s.OtherOfferLeader, elsewhere).ShouldBeTrue();
    }
}
