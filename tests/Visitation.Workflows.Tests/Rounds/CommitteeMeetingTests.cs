using Visitation.Workflows.Allocation;
using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Rounds;

public class CommitteeMeetingTests
{
    private static readonly DateTimeOffset Now = AutumnCommitteeMeeting;

    private RoundFixture _f = null!;

    [SetUp]
    public void SetUp() => _f = new RoundFixture();

    private ReferralScenario S => _f.S;

    private CapacityLedger Room() => CapacityLedger.For([S.Offer], [], CurrentRules);

    /// <summary>The scenario's offer with every one of its twelve seats held from before the placement starts.</summary>
    private CapacityLedger Full() => CapacityLedger.For([S.Offer],
        Enumerable.Range(0, S.Offer.Seats).Select(i => new SeatClaim(S.Offer.Id, new DateOnly(2026, 8, 10), null, Ids.Of(1100 + i))), CurrentRules);

    private static void Attend(CommitteeMeeting meeting, ReferralScenario s)
    {
        meeting.RecordAttendance(s.Committee, [new MeetingAttendee(s.Committee.UserId, s.Committee.DisplayName, "formand"),
            new MeetingAttendee(Ids.Of(1201), "Psykolog Syntetisk", "psykolog")]);
        meeting.WriteMinutes(s.Committee, "Udvalget behandlede rundens sager.");
    }

    private void Place(CommitteeMeeting meeting, Referral referral, CapacityLedger? capacity = null, CapacityOverride? capacityOverride = null) =>
        meeting.DecidePlacement(_f.Workflow, referral, S.Committee, S.Offer, PlacementStart, "Barnets behov matcher tilbuddet.",
            capacity ?? Room(), capacityOverride, CurrentRules, Now);

    private void Return(CommitteeMeeting meeting, Referral referral) =>
        meeting.DecideReturnToGeneral(_f.Workflow, referral, S.Committee, "Struktur og visuel støtte i klassen.",
            "TCBU vejleder teamet i seks uger; kompetencecenteret for autisme deltager i to teammøder.", "Behovet kan mødes i almentilbuddet.",
            CurrentRules, Now);

    private void Postpone(CommitteeMeeting meeting, Referral referral) =>
        meeting.Postpone(_f.Workflow, referral, S.Committee, S.WinterRound, "Opdateret PPV.", "PPV'en er mere end et år gammel.", CurrentRules, Now);

    [Test]
    public void Opening_the_meeting_takes_the_agendas_cases_in_agenda_order()
    {
        var socio = _f.OnAgenda(Track.SocioEmotional, Times.At(2026, 9, 3));
        var special = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 4));
        _f.Triaged(Track.SpecialOffers, Times.At(2026, 9, 2)); // sorted but not yet put on the agenda

        var meeting = _f.OpenMeeting();

        meeting.Cases.Select(c => (c.ReferralId, c.Number, c.Track)).ShouldBe([(special.Id, 1, Track.SpecialOffers), (socio.Id, 2, Track.SocioEmotional)]);
        meeting.Undecided.Count().ShouldBe(2);
        meeting.Status.ShouldBe(MeetingStatus.Open);
        meeting.RoundId.ShouldBe(_f.Round.Id);
        meeting.Revision.ShouldBe(0);
    }

    [Test]
    public void A_round_cannot_close_while_a_case_on_the_agenda_has_no_decision()
    {
        var first = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));
        _f.OnAgenda(Track.SocioEmotional, Times.At(2026, 9, 4));
        _f.OnAgenda(Track.FarReaching, Times.At(2026, 9, 5));
        var meeting = _f.OpenMeeting();
        Attend(meeting, S);
        Place(meeting, first);
        var revision = meeting.Revision;

        var ex = Should.Throw<WrongStateException>(() => meeting.CloseRound(_f.Round, _f.Referrals, S.Committee, Now));

        ex.Message.ShouldBe("Runden 'Efterår 2026' kan ikke lukkes, før alle sager på dagsordenen har en afgørelse. " +
                            "2 sager mangler: punkt 2 (spor 2: socio-emotionelle tilbud), punkt 3 (spor 3: vidtgående tilbud).");
        _f.Round.Status.ShouldBe(RoundStatus.Open);
        meeting.Status.ShouldBe(MeetingStatus.Open);
        meeting.Revision.ShouldBe(revision);
    }

    [Test]
    public void Closing_with_every_case_decided_closes_the_round_and_returns_the_decisions_to_issue()
    {
        var placed = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));
        var returned = _f.OnAgenda(Track.SocioEmotional, Times.At(2026, 9, 4));
        var postponed = _f.OnAgenda(Track.FarReaching, Times.At(2026, 9, 5));
        var meeting = _f.OpenMeeting();
        Attend(meeting, S);
        Place(meeting, placed);
        Return(meeting, returned);
        Postpone(meeting, postponed);

        var closure = meeting.CloseRound(_f.Round, _f.Referrals, S.Committee, Now.AddHours(2));

        _f.Round.Status.ShouldBe(RoundStatus.Closed);
        meeting.Status.ShouldBe(MeetingStatus.Closed);
        meeting.ClosedAt.ShouldBe(Now.AddHours(2));
        meeting.ClosedByUserId.ShouldBe(S.Committee.UserId);
        closure.RoundId.ShouldBe(_f.Round.Id);
        closure.MeetingId.ShouldBe(meeting.Id);
        closure.DecisionsToIssue.Select(d => (d.ReferralId, d.Outcome)).ShouldBe([
            (placed.Id, DecisionOutcome.Placement),
            (returned.Id, DecisionOutcome.ReturnToGeneral),
            (postponed.Id, DecisionOutcome.Postponed),
        ]);
        var placement = closure.DecisionsToIssue[0];
        placement.DecisionId.ShouldBe(placed.LatestDecision!.Id);
        placement.OfferId.ShouldBe(S.Offer.Id);
        placement.StartDate.ShouldBe(PlacementStart);
        placement.ChildId.ShouldBe(placed.ChildId);
        closure.DecisionsToIssue[1].Recommendations.ShouldBe("Struktur og visuel støtte i klassen.");
        closure.DecisionsToIssue[1].HelpToBeGiven.ShouldBe("TCBU vejleder teamet i seks uger; kompetencecenteret for autisme deltager i to teammøder.");
        closure.DecisionsToIssue[2].PostponedToRoundId.ShouldBe(S.WinterRound.Id);
        closure.DecisionsToIssue[2].MissingForPostponement.ShouldBe("Opdateret PPV.");
        meeting.Cases.Select(c => c.Outcome).ShouldBe([DecisionOutcome.Placement, DecisionOutcome.ReturnToGeneral, DecisionOutcome.Postponed]);
    }

    [Test]
    public void Decisions_already_sent_are_not_issued_again()
    {
        var placed = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));
        var meeting = _f.OpenMeeting();
        Attend(meeting, S);
        Place(meeting, placed);
        placed.LatestDecision!.MarkDispatched(Now.AddMinutes(30));

        meeting.CloseRound(_f.Round, _f.Referrals, S.Committee, Now.AddHours(1)).DecisionsToIssue.ShouldBeEmpty();
    }

    [Test]
    public void A_placement_in_a_full_offer_is_refused_without_an_override_and_nothing_is_decided()
    {
        var referral = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));
        var meeting = _f.OpenMeeting();

        var ex = Should.Throw<InvalidInputException>(() => Place(meeting, referral, Full()));

        ex.Field.ShouldBe("capacityOverride");
        ex.Message.ShouldBe("Testklassen (syntetisk) har 12 pladser, og 12 er optaget eller lovet væk i perioden 2. november 2026 til 31. juli 2027. " +
                            "En visitation dertil overfylder tilbuddet og kræver, at udvalget udtrykkeligt tilsidesætter kapaciteten med en begrundelse.");
        referral.State.ShouldBe(ReferralState.OnAgenda);
        meeting.Undecided.Count().ShouldBe(1);
    }

    [Test]
    public void A_placement_in_a_full_offer_goes_ahead_with_a_reasoned_override_which_the_meeting_keeps()
    {
        var referral = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));
        var meeting = _f.OpenMeeting();

        Place(meeting, referral, Full(), new CapacityOverride("  Søskende går i tilbuddet, og en plads frigøres ved jul.  "));

        referral.State.ShouldBe(ReferralState.Decided);
        meeting.Cases.Single().CapacityOverrideReason.ShouldBe("Søskende går i tilbuddet, og en plads frigøres ved jul.");
        meeting.Cases.Single().DecisionId.ShouldBe(referral.LatestDecision!.Id);
    }

    [Test]
    public void An_override_is_not_kept_when_the_offer_had_room()
    {
        var referral = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));
        var meeting = _f.OpenMeeting();

        Place(meeting, referral, Room(), new CapacityOverride("For en sikkerheds skyld."));

        meeting.Cases.Single().CapacityOverrideReason.ShouldBeNull();
    }

    [Test]
    public void A_return_to_the_general_school_needs_the_help_to_be_given()
    {
        var referral = _f.OnAgenda(Track.SocioEmotional, Times.At(2026, 9, 3));
        var meeting = _f.OpenMeeting();

        Should.Throw<InvalidInputException>(() => meeting.DecideReturnToGeneral(_f.Workflow, referral, S.Committee, "Anbefalinger.", " ",
            "Begrundelse.", CurrentRules, Now)).Field.ShouldBe("helpToBeGiven");
        referral.State.ShouldBe(ReferralState.OnAgenda);
    }

    [Test]
    public void A_decision_made_through_the_workflow_is_recorded_by_reference()
    {
        var referral = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));
        var meeting = _f.OpenMeeting();
        _f.Workflow.DecidePlacement(referral, S.Committee, S.Offer, PlacementStart, "Begrundelse.", CurrentRules, Now);

        meeting.RecordOutcome(referral, S.Committee, Now);
        meeting.RecordOutcome(referral, S.Committee, Now);

        meeting.Cases.Single().Outcome.ShouldBe(DecisionOutcome.Placement);
        meeting.Cases.Single().DecisionId.ShouldBe(referral.LatestDecision!.Id);
        meeting.Revision.ShouldBe(1);
    }

    [Test]
    public void Recording_an_outcome_the_referral_does_not_have_is_refused()
    {
        var referral = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));
        var meeting = _f.OpenMeeting();

        Should.Throw<WrongStateException>(() => meeting.RecordOutcome(referral, S.Committee, Now))
            .Message.ShouldBe("Henvisningen har ingen afgørelse fra runden 'Efterår 2026'.");
    }

    [Test]
    public void A_case_is_decided_once_at_the_meeting()
    {
        var referral = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));
        var meeting = _f.OpenMeeting();
        Place(meeting, referral);

        Should.Throw<WrongStateException>(() => Return(meeting, referral))
            .Message.ShouldBe("Udvalget har allerede truffet afgørelse i punkt 1 (spor 1: specialtilbud).");
    }

    [Test]
    public void A_referral_not_on_the_meetings_agenda_cannot_be_decided_there()
    {
        var meeting = _f.OpenMeeting();
        var later = _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));

        Should.Throw<WrongStateException>(() => Place(meeting, later))
            .Message.ShouldBe("Henvisningen er ikke på dagsordenen for mødet i runden 'Efterår 2026'.");

        meeting.AddToAgenda(later, S.Committee);
        Place(meeting, later);
        meeting.Cases.Single().Number.ShouldBe(1);
    }

    [Test]
    public void A_round_with_a_referral_that_never_reached_the_agenda_cannot_close()
    {
        var meeting = _f.OpenMeeting();
        Attend(meeting, S);
        _f.Assigned(Times.At(2026, 9, 3));

        Should.Throw<WrongStateException>(() => meeting.CloseRound(_f.Round, _f.Referrals, S.Committee, Now)).Message
            .ShouldBe("Runden 'Efterår 2026' kan ikke lukkes: 1 henvisning(er) i runden er ikke kommet på mødets dagsorden. " +
                      "Fordel dem på spor og sæt dem på dagsordenen, så udvalget kan træffe afgørelse eller udsætte dem.");
    }

    [Test]
    public void Closing_needs_the_attendance_and_the_minutes()
    {
        var meeting = _f.OpenMeeting();

        Should.Throw<WrongStateException>(() => meeting.CloseRound(_f.Round, _f.Referrals, S.Committee, Now)).Message
            .ShouldBe("Runden 'Efterår 2026' kan ikke lukkes endnu: registrér, hvem der var til stede og skriv mødets referat.");
        Should.Throw<InvalidInputException>(() => meeting.RecordAttendance(S.Committee, [])).Field.ShouldBe("attendees");
        Should.Throw<InvalidInputException>(() => meeting.WriteMinutes(S.Committee, "  ")).Field.ShouldBe("minutes");
    }

    [Test]
    public void Attendance_replaces_the_earlier_list_and_counts_each_person_once()
    {
        var meeting = _f.OpenMeeting();
        meeting.RecordAttendance(S.Committee, [new MeetingAttendee(Ids.Of(1), "A")]);

        meeting.RecordAttendance(S.Committee, [new MeetingAttendee(Ids.Of(2), "B", "formand"), new MeetingAttendee(Ids.Of(2), "B igen")]);

        meeting.Attendees.Select(a => (a.UserId, a.Name, a.Function)).ShouldBe([(Ids.Of(2), "B", "formand")]);
        meeting.Revision.ShouldBe(2);
    }

    [Test]
    public void An_empty_round_closes_with_nothing_to_issue()
    {
        var meeting = _f.OpenMeeting();
        Attend(meeting, S);

        meeting.CloseRound(_f.Round, _f.Referrals, S.Committee, Now).DecisionsToIssue.ShouldBeEmpty();
        _f.Round.Status.ShouldBe(RoundStatus.Closed);
    }

    [Test]
    public void A_closed_meeting_takes_no_more_changes()
    {
        var meeting = _f.OpenMeeting();
        Attend(meeting, S);
        meeting.CloseRound(_f.Round, _f.Referrals, S.Committee, Now);

        Should.Throw<WrongStateException>(() => meeting.WriteMinutes(S.Committee, "Tilføjelse."))
            .Message.ShouldBe("Mødet i runden 'Efterår 2026' er afsluttet.");
    }

    [Test]
    public void Only_committee_members_run_the_meeting()
    {
        _f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));

        Should.Throw<NotPermittedException>(() => CommitteeMeeting.Open(Ids.Of(950), _f.Round, _f.Agenda(), S.SchoolLeader, Now));
        var meeting = _f.OpenMeeting();
        Should.Throw<NotPermittedException>(() => meeting.WriteMinutes(S.Admin, "Referat."))
            .Message.ShouldBe("Som administrator kan du ikke føre visitationsudvalgets møde.");
    }

    [Test]
    public void A_closed_round_gets_no_meeting()
    {
        _f.Round.Close();

        Should.Throw<WrongStateException>(() => _f.OpenMeeting()).Message.ShouldBe("Runden 'Efterår 2026' er lukket.");
    }
}
