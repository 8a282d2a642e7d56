using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Revisitation.RevisitationScenario;

namespace Visitation.Workflows.Tests.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate even if a sibling test namespace named Placement appears.
using Visitation.Workflows.Placements;

public class RevisitationWorkflowV1Tests
{
    private RevisitationScenario _s = null!;
    private RevisitationWorkflow Workflow => _s.Workflow;

    [SetUp]
    public void SetUp() => _s = new RevisitationScenario();

    // ---- The whole path ----

    [Test]
    public void A_revisitation_runs_from_the_pupil_conversation_to_a_decision_to_continue()
    {
        var c = Workflow.Start(Ids.Of(801), _s.Placement, _s.OfferLeader, CurrentRules, StartedAt);
        Workflow.RecordPupilConversation(c, _s.OfferLeader, Meeting(RevisitationStep.PupilConversation, PupilConversationAt), PupilConversationAt);
        Workflow.RecordStatusMeeting(c, _s.OfferLeader, Meeting(RevisitationStep.StatusMeeting, StatusMeetingAt),
            ["Venskaber i klassen", "Læsning"], ["Fortsat læsestøtte næste skoleår"], false, StatusMeetingAt);
        Workflow.SendHandleplan(c, _s.OfferLeader, CurrentRules, HandleplanSentAt);
        Workflow.AnswerHandleplan(c, _s.SchoolLeader, HandleplanAnswer.NoFurtherDiscussion, null, HandleplanAnsweredAt);
        Workflow.RecordParentConversation(c, _s.OfferLeader, Meeting(RevisitationStep.ParentConversation, ParentConversationAt), false, ParentConversationAt);
        var decision = Workflow.DecideContinuation(c, _s.Placement, _s.OfferLeader, "Barnet trives og når sine mål.", CurrentRules, DecidedAt);

        c.State.ShouldBe(RevisitationState.Decided);
        c.IsOpen.ShouldBeFalse();
        c.WorkflowVersion.ShouldBe(1);
        c.Decision.ShouldBeSameAs(decision);
        decision.Outcome.ShouldBe(RevisitationOutcome.Continue);
        decision.DecidedByUserId.ShouldBe(_s.OfferLeader.UserId);
        decision.NextRevisitationDue.ShouldBe(new DateOnly(2027, 11, 16));
        decision.RequiresReferral.ShouldBeFalse();
        c.DecisionLetterDue.ShouldBeTrue();
        c.History.Select(e => (e.Trigger, e.From, e.To)).ShouldBe([
            (RevisitationTrigger.Start, RevisitationState.Started, RevisitationState.Started),
            (RevisitationTrigger.RecordPupilConversation, RevisitationState.Started, RevisitationState.PupilConversationHeld),
            (RevisitationTrigger.RecordStatusMeeting, RevisitationState.PupilConversationHeld, RevisitationState.StatusMeetingHeld),
            (RevisitationTrigger.SendHandleplan, RevisitationState.StatusMeetingHeld, RevisitationState.HandleplanSent),
            (RevisitationTrigger.AnswerHandleplan, RevisitationState.HandleplanSent, RevisitationState.HandleplanAnswered),
            (RevisitationTrigger.RecordParentConversation, RevisitationState.HandleplanAnswered, RevisitationState.ParentConversationHeld),
            (RevisitationTrigger.DecideContinuation, RevisitationState.ParentConversationHeld, RevisitationState.Decided),
        ]);
        c.History.Skip(1).ShouldAllBe(e => e.WorkflowVersion == 1);
        c.History.Count(e => e.ActorUserId == _s.SchoolLeader.UserId).ShouldBe(1);
        c.Revision.ShouldBe(c.History.Count);
        c.Meetings.Select(m => m.Kind).ShouldBe([MeetingKind.PupilConversation, MeetingKind.StatusMeeting, MeetingKind.ParentConversation]);
        c.Steps.Select(s => s.Step).ShouldBe([
            RevisitationStep.PupilConversation, RevisitationStep.StatusMeeting, RevisitationStep.HandleplanAnswer,
            RevisitationStep.ParentConversation, RevisitationStep.Decision,
        ]);
        c.Steps.ShouldAllBe(s => s.Status == StepStatus.Done);
        c.FocusPoints.Select(n => n.Text).ShouldBe(["Venskaber i klassen", "Læsning"]);
        c.Recommendations.Select(n => n.Text).ShouldBe(["Fortsat læsestøtte næste skoleår"]);

        _s.Placement.LastDecisionDate.ShouldBe(new DateOnly(2026, 11, 16));
        _s.Placement.NextRevisitationDue.ShouldBe(new DateOnly(2027, 11, 16));
        _s.Placement.OpenRevisitationCaseId.ShouldBeNull();
        _s.Placement.Status.ShouldBe(PlacementStatus.Active);
    }

    [Test]
    public void Issuing_the_written_decision_ends_the_wait_for_the_letter_once()
    {
        var c = _s.Decided();

        c.Decision!.MarkLetterIssued(Ids.Of(990), DecidedAt.AddDays(1));
        c.Decision.MarkLetterIssued(Ids.Of(991), DecidedAt.AddDays(2));

        c.DecisionLetterDue.ShouldBeFalse();
        c.Decision.WrittenDecisionId.ShouldBe(Ids.Of(990));
        c.Decision.LetterIssuedAt.ShouldBe(DecidedAt.AddDays(1));
    }

    [Test]
    public void A_decision_moves_the_placements_reminders_and_escalation_to_the_next_due_date()
    {
        var c = _s.ParentConversationHeld();
        _s.Placement.ClearDeadlineChanges();

        Workflow.DecideContinuation(c, _s.Placement, _s.OfferLeader, "Behovet er uændret.", CurrentRules, DecidedAt);

        _s.Placement.DeadlineChanges.ShouldBe([
            new CancelDeadlines(DeadlineKind.RevisitationReminder, _s.Placement.Id),
            new CancelDeadlines(DeadlineKind.RevisitationEscalation, _s.Placement.Id),
            new ScheduleDeadline(DeadlineKind.RevisitationReminder, _s.Placement.Id, Times.At(2027, 9, 17, 7)),
            new ScheduleDeadline(DeadlineKind.RevisitationReminder, _s.Placement.Id, Times.At(2027, 10, 17, 7)),
            new ScheduleDeadline(DeadlineKind.RevisitationEscalation, _s.Placement.Id, Times.At(2027, 11, 17, 8)),
        ]);
    }

    // ---- Start ----

    [Test]
    public void The_offer_leader_starts_a_revisitation_recorded_with_the_due_date()
    {
        var c = _s.Started();

        c.Id.ShouldBe(Ids.Of(801));
        c.PlacementId.ShouldBe(_s.Placement.Id);
        c.ChildId.ShouldBe(_s.Child.Id);
        c.OfferId.ShouldBe(_s.OfferId);
        c.DistrictSchoolId.ShouldBe(_s.SchoolId);
        c.WorkflowKey.ShouldBe("revisitation");
        c.WorkflowVersion.ShouldBe(1);
        c.RuleSetVersion.ShouldBe("2026.1");
        c.DueDate.ShouldBe(Due);
        c.State.ShouldBe(RevisitationState.Started);
        var started = c.History.ShouldHaveSingleItem();
        started.ActorUserId.ShouldBe(_s.OfferLeader.UserId);
        started.ActorRole.ShouldBe("OfferLeader");
        started.Detail.ShouldBe("Revisitation startet (version 1). Afgørelsen skal træffes senest 20. november 2026.");
        _s.Placement.OpenRevisitationCaseId.ShouldBe(c.Id);
        _s.Placement.History[^1].Kind.ShouldBe(PlacementEventKind.RevisitationStarted);
    }

    [Test]
    public void Only_the_leader_of_the_childs_offer_starts_a_revisitation()
    {
        foreach (var actor in new[] { _s.OtherOfferLeader, _s.SchoolLeader, _s.Committee, _s.Admin, _s.Guardian })
            Should.Throw<NotPermittedException>(() => Workflow.Start(Ids.Of(801), _s.Placement, actor, CurrentRules, StartedAt))
                .Message.ShouldBe("Kun lederen af barnets specialtilbud kan starte en revisitation.");
        _s.Placement.OpenRevisitationCaseId.ShouldBeNull();
    }

    [Test]
    public void A_placement_has_one_running_revisitation_at_a_time()
    {
        _s.Started();

        Should.Throw<WrongStateException>(() => Workflow.Start(Ids.Of(802), _s.Placement, _s.OfferLeader, CurrentRules, StartedAt))
            .Message.ShouldBe("Der er allerede en igangværende revisitation for barnet.");
    }

    [Test]
    public void A_cancelled_revisitation_keeps_the_due_date_and_a_new_one_can_start()
    {
        var c = _s.Cancelled();

        c.State.ShouldBe(RevisitationState.Cancelled);
        c.CancellationReason.ShouldBe("Barnet er flyttet fra kommunen.");
        _s.Placement.OpenRevisitationCaseId.ShouldBeNull();
        _s.Placement.NextRevisitationDue.ShouldBe(Due);
        Workflow.Start(Ids.Of(802), _s.Placement, _s.OfferLeader, CurrentRules, StartedAt.AddDays(2)).State.ShouldBe(RevisitationState.Started);
    }

    // ---- Meetings ----

    [Test]
    public void A_meeting_is_recorded_with_its_date_participants_and_minutes()
    {
        var c = _s.Started();
        var input = new MeetingInput(PupilConversationAt,
            [new ParticipantInput(ParticipantRole.ContactTeacher, "Kontaktlærer Syntetisk", Ids.Of(601)), new ParticipantInput(ParticipantRole.Pupil, "Testbarn Syntetisk")],
            "Barnet fortæller, at det har fået en ven i klassen.");

        var record = Workflow.RecordPupilConversation(c, _s.OfferLeader, input, PupilConversationAt.AddHours(1));

        c.Meetings.ShouldHaveSingleItem().ShouldBeSameAs(record);
        record.Kind.ShouldBe(MeetingKind.PupilConversation);
        record.HeldAt.ShouldBe(PupilConversationAt);
        record.Minutes.ShouldBe("Barnet fortæller, at det har fået en ven i klassen.");
        record.Participants.Select(p => (p.Role, p.Name, p.PersonId)).ShouldBe([
            (ParticipantRole.ContactTeacher, "Kontaktlærer Syntetisk", (Guid?)Ids.Of(601)), (ParticipantRole.Pupil, "Testbarn Syntetisk", null),
        ]);
        record.RecordedByUserId.ShouldBe(_s.OfferLeader.UserId);
        c.Steps.ShouldHaveSingleItem().MeetingId.ShouldBe(record.Id);
        c.History[^1].Detail.ShouldBe("Elevsamtale holdt 8. oktober 2026.");
    }

    [Test]
    public void A_status_meeting_without_the_psychologist_is_refused_naming_who_is_missing()
    {
        var c = _s.PupilConversationHeld();
        var revision = c.Revision;
        var input = new MeetingInput(StatusMeetingAt,
            [new ParticipantInput(ParticipantRole.Team, "Team"), new ParticipantInput(ParticipantRole.OfferLeader, "Leder")], "Referat.");

        var ex = Should.Throw<InvalidInputException>(() =>
            Workflow.RecordStatusMeeting(c, _s.OfferLeader, input, ["Fokus"], ["Anbefaling"], false, StatusMeetingAt));

        ex.Field.ShouldBe("meeting.participants");
        ex.Message.ShouldBe("I statusmødet skal disse deltage: teamet, lederen af specialtilbuddet, psykologen. Mangler: psykologen.");
        c.State.ShouldBe(RevisitationState.PupilConversationHeld);
        c.Revision.ShouldBe(revision);
        c.Meetings.Count.ShouldBe(1);
    }

    [Test]
    public void The_contact_teacher_counts_as_the_team()
    {
        var c = _s.PupilConversationHeld();
        var input = new MeetingInput(StatusMeetingAt,
            [new ParticipantInput(ParticipantRole.ContactTeacher, "Lærer"), new ParticipantInput(ParticipantRole.OfferLeader, "Leder"),
                new ParticipantInput(ParticipantRole.Psychologist, "Psykolog")], "Referat.");

        Workflow.RecordStatusMeeting(c, _s.OfferLeader, input, ["Fokus"], ["Anbefaling"], false, StatusMeetingAt);

        c.State.ShouldBe(RevisitationState.StatusMeetingHeld);
    }

    [Test]
    public void A_meeting_is_recorded_only_after_it_was_held_and_not_before_the_previous_step()
    {
        var c = _s.PupilConversationHeld();

        Should.Throw<InvalidInputException>(() => Workflow.RecordStatusMeeting(c, _s.OfferLeader, Meeting(RevisitationStep.StatusMeeting, StatusMeetingAt),
                ["Fokus"], ["Anbefaling"], false, StatusMeetingAt.AddHours(-1)))
            .Message.ShouldBe("Statusmødet kan først registreres, når det er holdt.");
        Should.Throw<InvalidInputException>(() => Workflow.RecordStatusMeeting(c, _s.OfferLeader, Meeting(RevisitationStep.StatusMeeting, PupilConversationAt.AddDays(-1)),
                ["Fokus"], ["Anbefaling"], false, StatusMeetingAt))
            .Message.ShouldBe("Statusmødet kan ikke ligge før det forrige trin (8. oktober 2026).");
    }

    [Test]
    public void A_status_meeting_must_give_focus_points_and_recommendations_for_the_handleplan()
    {
        var c = _s.PupilConversationHeld();
        var meeting = Meeting(RevisitationStep.StatusMeeting, StatusMeetingAt);

        Should.Throw<InvalidInputException>(() => Workflow.RecordStatusMeeting(c, _s.OfferLeader, meeting, [" "], ["Anbefaling"], false, StatusMeetingAt))
            .Message.ShouldBe("Statusmødet skal give mindst ét fokuspunkt til handleplanen.");
        Should.Throw<InvalidInputException>(() => Workflow.RecordStatusMeeting(c, _s.OfferLeader, meeting, ["Fokus"], [], false, StatusMeetingAt))
            .Message.ShouldBe("Statusmødet skal give mindst én anbefaling for næste skoleår.");
        c.HandleplanNotes.ShouldBeEmpty();
    }

    // ---- Handleplan to the district school leader ----

    [Test]
    public void Sending_the_handleplan_gives_the_district_school_leader_the_rule_sets_days_to_answer()
    {
        var c = _s.StatusMeetingHeld();

        Workflow.SendHandleplan(c, _s.OfferLeader, CurrentRules, HandleplanSentAt);

        c.State.ShouldBe(RevisitationState.HandleplanSent);
        c.HandleplanSentAt.ShouldBe(HandleplanSentAt);
        c.HandleplanAnswerDueAt.ShouldBe(HandleplanSentAt.AddDays(14));
        c.DeadlineChanges.ShouldBe([
            new CancelDeadlines(DeadlineKind.HandleplanAnswerReminder, c.Id),
            new ScheduleDeadline(DeadlineKind.HandleplanAnswerReminder, c.Id, HandleplanSentAt.AddDays(14)),
        ]);
        c.History[^1].Detail.ShouldBe("Handleplanen sendt til distriktsskolelederen med svarfrist 29. oktober 2026.");
    }

    [Test]
    public void The_district_school_leaders_answer_is_recorded_and_stops_the_answer_deadline()
    {
        var c = _s.HandleplanSent();
        c.ClearDeadlineChanges();

        Workflow.AnswerHandleplan(c, _s.SchoolLeader, HandleplanAnswer.NoFurtherDiscussion, null, HandleplanAnsweredAt);

        c.State.ShouldBe(RevisitationState.HandleplanAnswered);
        c.HandleplanAnswer.ShouldBe(HandleplanAnswer.NoFurtherDiscussion);
        c.HandleplanAnsweredAt.ShouldBe(HandleplanAnsweredAt);
        c.DistrictSchoolWantsDiscussion.ShouldBeFalse();
        c.RevisitationMeetingRequired.ShouldBeFalse();
        c.DeadlineChanges.ShouldBe([new CancelDeadlines(DeadlineKind.HandleplanAnswerReminder, c.Id)]);
        c.History[^1].ActorUserId.ShouldBe(_s.SchoolLeader.UserId);
    }

    [Test]
    public void A_district_school_leader_who_wants_discussion_says_what_about_and_a_revisitation_meeting_becomes_required()
    {
        var c = _s.HandleplanSent();

        Should.Throw<InvalidInputException>(() => Workflow.AnswerHandleplan(c, _s.SchoolLeader, HandleplanAnswer.WantsDiscussion, " ", HandleplanAnsweredAt))
            .Message.ShouldBe("Skriv, hvad distriktsskolelederen ønsker at drøfte.");
        Workflow.AnswerHandleplan(c, _s.SchoolLeader, HandleplanAnswer.WantsDiscussion, "Delvis tilbagevenden.", HandleplanAnsweredAt);

        c.DistrictSchoolWantsDiscussion.ShouldBeTrue();
        c.RevisitationMeetingRequired.ShouldBeTrue();
        c.HandleplanAnswerComment.ShouldBe("Delvis tilbagevenden.");
        c.History[^1].Detail.ShouldBe("Distriktsskolelederen svarede: ønsker drøftelse. Delvis tilbagevenden.");
    }

    // ---- Meeting first, when the needs changed or someone asks ----

    [Test]
    public void When_everyone_agrees_the_offer_leader_decides_continuation_without_a_revisitation_meeting()
    {
        var c = _s.ParentConversationHeld();

        Workflow.PermittedActions(c, _s.OfferLeader).ShouldContain(RevisitationTrigger.DecideContinuation);
        Workflow.DecideContinuation(c, _s.Placement, _s.OfferLeader, "Alle er enige.", CurrentRules, DecidedAt);

        c.Meetings.ShouldNotContain(m => m.Kind == MeetingKind.RevisitationMeeting);
    }

    private static IEnumerable<TestCaseData> WhoAsksForAMeeting()
    {
        yield return new TestCaseData("parents").SetName("When_the_parents_want_other_options_discussed_a_revisitation_meeting_comes_before_the_decision");
        yield return new TestCaseData("school").SetName("When_the_district_school_leader_wants_discussion_a_revisitation_meeting_comes_before_the_decision");
        yield return new TestCaseData("needs").SetName("When_the_childs_needs_changed_a_revisitation_meeting_comes_before_the_decision");
        yield return new TestCaseData("guardian-request").SetName("When_a_guardian_asks_for_a_meeting_a_revisitation_meeting_comes_before_the_decision");
    }

    [TestCaseSource(nameof(WhoAsksForAMeeting))]
    public void A_revisitation_meeting_comes_first_when_needed(string why)
    {
        RevisitationCase c;
        switch (why)
        {
            case "parents":
                c = _s.ParentConversationHeld(parentsWantDiscussion: true);
                break;
            case "school":
                c = _s.ParentConversationHeld(answer: HandleplanAnswer.WantsDiscussion);
                break;
            case "needs":
                c = _s.HandleplanAnswered(needsChanged: true);
                Workflow.RecordParentConversation(c, _s.OfferLeader, Meeting(RevisitationStep.ParentConversation, ParentConversationAt), false, ParentConversationAt);
                break;
            default:
                c = _s.Started();
                Workflow.RequestRevisitationMeeting(c, _s.Guardian, "Vi vil drøfte delvis skolegang på distriktsskolen.", StartedAt.AddDays(1));
                c.ParentsWantDiscussion.ShouldBeTrue();
                c.State.ShouldBe(RevisitationState.Started);
                Workflow.RecordPupilConversation(c, _s.OfferLeader, Meeting(RevisitationStep.PupilConversation, PupilConversationAt), PupilConversationAt);
                Workflow.RecordStatusMeeting(c, _s.OfferLeader, Meeting(RevisitationStep.StatusMeeting, StatusMeetingAt), ["F"], ["A"], false, StatusMeetingAt);
                Workflow.SendHandleplan(c, _s.OfferLeader, CurrentRules, HandleplanSentAt);
                Workflow.AnswerHandleplan(c, _s.SchoolLeader, HandleplanAnswer.NoFurtherDiscussion, null, HandleplanAnsweredAt);
                Workflow.RecordParentConversation(c, _s.OfferLeader, Meeting(RevisitationStep.ParentConversation, ParentConversationAt), false, ParentConversationAt);
                break;
        }
        c.RevisitationMeetingRequired.ShouldBeTrue();

        Workflow.PermittedActions(c, _s.OfferLeader).ShouldNotContain(RevisitationTrigger.DecideContinuation);
        Should.Throw<WrongStateException>(() => Workflow.DecideContinuation(c, _s.Placement, _s.OfferLeader, "Fortsæt.", CurrentRules, DecidedAt))
            .Message.ShouldBe("Du kan ikke træffe afgørelse om fortsat specialtilbud nu. Der skal først holdes et revisitationsmøde, fordi barnets behov har ændret sig, "
                              + "eller forældrene eller distriktsskolelederen har bedt om det.");
        Workflow.RecordRevisitationMeeting(c, _s.OfferLeader, Meeting(RevisitationStep.RevisitationMeeting, RevisitationMeetingAt), RevisitationMeetingAt);
        Workflow.DecideContinuation(c, _s.Placement, _s.OfferLeader, "Drøftet; barnet fortsætter.", CurrentRules, DecidedAt);

        c.State.ShouldBe(RevisitationState.Decided);
    }

    [Test]
    public void A_change_or_an_end_is_decided_only_after_a_revisitation_meeting()
    {
        var c = _s.ParentConversationHeld();

        Should.Throw<WrongStateException>(() => _s.Perform(RevisitationTrigger.DecideEnd, c, _s.OfferLeader))
            .Message.ShouldBe("Du kan ikke træffe afgørelse om udslusning nu. Revisitationen står ved: forældresamtalen er holdt. "
                              + "En ændring eller en udslusning besluttes efter et revisitationsmøde med distriktsskolelederen.");
        Should.Throw<WrongStateException>(() => _s.Perform(RevisitationTrigger.DecideChange, c, _s.OfferLeader));
    }

    // ---- Decisions ----

    [Test]
    public void A_change_of_scope_is_decided_and_applied_to_the_placement()
    {
        var c = _s.RevisitationMeetingHeld();

        var decision = Workflow.DecideChange(c, _s.Placement, _s.OfferLeader, _s.Offer, "20 timer om ugen; resten i stamklassen", "Barnet kan mere i klassen.",
            CurrentRules, DecidedAt);

        decision.Outcome.ShouldBe(RevisitationOutcome.ChangeScope);
        decision.NewScope.ShouldBe("20 timer om ugen; resten i stamklassen");
        decision.RequiresReferral.ShouldBeFalse();
        c.ReferralRequest.ShouldBeNull();
        _s.Placement.Scope.ShouldBe("20 timer om ugen; resten i stamklassen");
        _s.Placement.OfferId.ShouldBe(_s.OfferId);
    }

    [Test]
    public void A_change_to_another_offer_asks_for_a_referral_to_the_committee_and_the_child_stays_meanwhile()
    {
        var c = _s.RevisitationMeetingHeld();

        var decision = Workflow.DecideChange(c, _s.Placement, _s.OfferLeader, _s.OtherOffer, null, "Behovet mødes bedre i et tilbud for trivsel.", CurrentRules, DecidedAt);

        decision.Outcome.ShouldBe(RevisitationOutcome.ChangeOffer);
        decision.RequiresReferral.ShouldBeTrue();
        c.ReferralRequest.ShouldBe(new ReferralRequest(c.Id, decision.Id, _s.Child.Id, _s.SchoolId, _s.OfferId, _s.OtherOfferId,
            "Behovet mødes bedre i et tilbud for trivsel."));
        _s.Placement.RequestedOfferId.ShouldBe(_s.OtherOfferId);
        _s.Placement.OfferId.ShouldBe(_s.OfferId);
        _s.Placement.Status.ShouldBe(PlacementStatus.Active);
        _s.Placement.NextRevisitationDue.ShouldBe(new DateOnly(2027, 11, 16));
        c.History[^1].Detail.ShouldBe("Afgørelse: barnet henvises til visitationsudvalget med henblik på Andet tilbud (syntetisk). "
                                      + "Barnet bliver i tilbuddet, til udvalget har truffet afgørelse.");
    }

    [Test]
    public void A_change_needs_a_new_scope_or_another_active_offer()
    {
        var c = _s.RevisitationMeetingHeld();

        Should.Throw<InvalidInputException>(() => Workflow.DecideChange(c, _s.Placement, _s.OfferLeader, _s.Offer, null, "Grund.", CurrentRules, DecidedAt))
            .Message.ShouldBe("Angiv det nye omfang af støtten eller det tilbud, barnet skal henvises til.");
        _s.OtherOffer.Change(_s.OtherOffer.Name, 8, isActive: false);
        Should.Throw<InvalidInputException>(() => Workflow.DecideChange(c, _s.Placement, _s.OfferLeader, _s.OtherOffer, null, "Grund.", CurrentRules, DecidedAt))
            .Message.ShouldBe("Tilbuddet 'Andet tilbud (syntetisk)' er ikke aktivt.");
        c.State.ShouldBe(RevisitationState.RevisitationMeetingHeld);
    }

    [Test]
    public void A_partial_return_phases_out_with_the_district_school_leader_and_is_revisited_as_before()
    {
        var c = _s.RevisitationMeetingHeld();

        var decision = Workflow.DecideEnd(c, _s.Placement, _s.OfferLeader, PhaseOutKind.Partial, new DateOnly(2027, 1, 29),
            "Dansk og matematik på distriktsskolen fra februar.", "Barnet er klar til delvis tilbagevenden.", CurrentRules, DecidedAt);

        decision.Outcome.ShouldBe(RevisitationOutcome.End);
        decision.PhaseOutKind.ShouldBe(PhaseOutKind.Partial);
        decision.PhaseOutEndDate.ShouldBe(new DateOnly(2027, 1, 29));
        decision.NextRevisitationDue.ShouldBe(new DateOnly(2027, 11, 16));
        _s.Placement.Status.ShouldBe(PlacementStatus.PhasingOut);
        _s.Placement.PhaseOut!.Kind.ShouldBe(PhaseOutKind.Partial);
        _s.Placement.PhaseOut.RevisitationCaseId.ShouldBe(c.Id);
        _s.Placement.NextRevisitationDue.ShouldBe(new DateOnly(2027, 11, 16));
    }

    [Test]
    public void A_full_return_sets_no_new_revisitation_and_must_be_done_within_the_rule_sets_months()
    {
        var c = _s.RevisitationMeetingHeld();

        Should.Throw<InvalidInputException>(() => Workflow.DecideEnd(c, _s.Placement, _s.OfferLeader, PhaseOutKind.Full, new DateOnly(2027, 12, 1), "Plan.", "Grund.",
                CurrentRules, DecidedAt))
            .Message.ShouldBe("En fuld tilbagevenden skal være gennemført senest 16. november 2027; ellers skal der først træffes en ny afgørelse.");
        Should.Throw<InvalidInputException>(() => Workflow.DecideEnd(c, _s.Placement, _s.OfferLeader, PhaseOutKind.Full, new DateOnly(2027, 1, 29), "Plan.", "Grund.",
                CurrentRules, DecidedAt, nextRevisitationBy: new DateOnly(2027, 6, 1)))
            .Field.ShouldBe("nextRevisitationBy");
        var decision = Workflow.DecideEnd(c, _s.Placement, _s.OfferLeader, PhaseOutKind.Full, new DateOnly(2027, 1, 29), "Plan.", "Grund.", CurrentRules, DecidedAt);

        decision.NextRevisitationDue.ShouldBeNull();
        _s.Placement.NextRevisitationDue.ShouldBeNull();
    }

    [Test]
    public void The_next_revisitation_may_be_set_earlier_but_never_later_than_the_rule_allows()
    {
        var c = _s.ParentConversationHeld();

        Should.Throw<InvalidInputException>(() => Workflow.DecideContinuation(c, _s.Placement, _s.OfferLeader, "Fortsæt.", CurrentRules, DecidedAt,
                nextRevisitationBy: new DateOnly(2027, 11, 17)))
            .Message.ShouldBe("Næste revisitation kan højst ligge 12 måneder efter afgørelsen, dvs. senest 16. november 2027.");
        Should.Throw<InvalidInputException>(() => Workflow.DecideContinuation(c, _s.Placement, _s.OfferLeader, "Fortsæt.", CurrentRules, DecidedAt,
                nextRevisitationBy: new DateOnly(2026, 11, 16)))
            .Message.ShouldBe("Næste revisitation skal ligge efter afgørelsen.");
        Workflow.DecideContinuation(c, _s.Placement, _s.OfferLeader, "Fortsæt; ny vurdering efter et halvt år.", CurrentRules, DecidedAt,
            nextRevisitationBy: new DateOnly(2027, 5, 14));

        _s.Placement.NextRevisitationDue.ShouldBe(new DateOnly(2027, 5, 14));
    }

    [Test]
    public void A_decision_is_applied_only_to_the_placement_the_case_is_about()
    {
        var c = _s.ParentConversationHeld();
        var other = Placement.Register(Ids.Of(702), _s.Child, _s.Offer, PlacementStart, LastDecision, ["Mål"], _s.Committee, CurrentRules, RegisteredAt);

        Should.Throw<InvalidOperationException>(() => Workflow.DecideContinuation(c, other, _s.OfferLeader, "x", CurrentRules, DecidedAt));
        c.State.ShouldBe(RevisitationState.ParentConversationHeld);
    }

    [Test]
    public void A_workflow_version_refuses_to_run_a_case_started_on_another_version()
    {
        var onV2 = new RevisitationScenario(new RevisitationWorkflowV2(isPublished: true)).Started();

        Should.Throw<InvalidOperationException>(() => Workflow.PermittedActions(onV2, _s.OfferLeader))
            .Message.ShouldContain("version 2, not version 1");
    }
}
