using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Schools;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Referrals;

public class ReferralWorkflowV1Tests
{
    private ReferralScenario _s = null!;
    private ReferralWorkflow Workflow => _s.Workflow;

    [SetUp]
    public void SetUp() => _s = new ReferralScenario();

    // ---- The whole path ----

    [Test]
    public void Referral_runs_from_draft_through_an_incomplete_submission_to_a_placement_decision()
    {
        var referral = Workflow.Start(Ids.Of(601), _s.Child, _s.SchoolLeader, CurrentRules, StartedAt);
        foreach (var part in new[] { ReferralPartType.SignedReferralForm, ReferralPartType.PPV, ReferralPartType.ActionPlan, ReferralPartType.PupilPlan })
            Workflow.AttachDocument(referral, _s.SchoolLeader, part, File(part), StartedAt.AddDays(1), external: ExternalFor(part));

        Workflow.Submit(referral, _s.SchoolLeader, CurrentRules, SubmittedAt);
        referral.State.ShouldBe(ReferralState.Incomplete);

        Workflow.AttachDocument(referral, _s.Guardian, ReferralPartType.ParentStatement, File(ReferralPartType.ParentStatement), SubmittedAt.AddDays(2));
        Workflow.AttachDocument(referral, _s.SchoolLeader, ReferralPartType.ChildPerspective, File(ReferralPartType.ChildPerspective), SubmittedAt.AddDays(3));
        var resubmittedAt = SubmittedAt.AddDays(4);
        Workflow.Submit(referral, _s.SchoolLeader, CurrentRules, resubmittedAt);
        referral.State.ShouldBe(ReferralState.Complete);

        Workflow.AssignToRound(referral, _s.Committee, _s.AutumnRound, AssignedAt);
        referral.State.ShouldBe(ReferralState.AssignedToRound);
        Workflow.Triage(referral, _s.Committee, Track.SpecialOffers, AutumnTriageMeeting);
        referral.State.ShouldBe(ReferralState.Triaged);
        Workflow.PutOnAgenda(referral, _s.Committee, OnAgendaAt);
        referral.State.ShouldBe(ReferralState.OnAgenda);
        _s.RecordHearing(referral, _s.Committee);
        referral.State.ShouldBe(ReferralState.OnAgenda);
        Workflow.DecidePlacement(referral, _s.Committee, _s.Offer, PlacementStart, "Barnets behov matcher tilbuddet.", CurrentRules, AutumnCommitteeMeeting);

        referral.State.ShouldBe(ReferralState.Decided);
        referral.IsOpen.ShouldBeFalse();
        referral.WorkflowVersion.ShouldBe(1);
        referral.RuleSetVersion.ShouldBe("2026.1");
        referral.SubmittedAt.ShouldBe(resubmittedAt);
        referral.CompletedAt.ShouldBe(resubmittedAt);
        referral.RoundId.ShouldBe(_s.AutumnRound.Id);
        referral.Track.ShouldBe(Track.SpecialOffers);
        referral.History.Select(e => (e.From, e.To)).ShouldBe([
            (ReferralState.Draft, ReferralState.Draft), // created
            (ReferralState.Draft, ReferralState.Draft),
            (ReferralState.Draft, ReferralState.Draft),
            (ReferralState.Draft, ReferralState.Draft),
            (ReferralState.Draft, ReferralState.Draft),
            (ReferralState.Draft, ReferralState.Incomplete),
            (ReferralState.Incomplete, ReferralState.Incomplete),
            (ReferralState.Incomplete, ReferralState.Incomplete),
            (ReferralState.Incomplete, ReferralState.Complete),
            (ReferralState.Complete, ReferralState.AssignedToRound),
            (ReferralState.AssignedToRound, ReferralState.Triaged),
            (ReferralState.Triaged, ReferralState.OnAgenda),
            (ReferralState.OnAgenda, ReferralState.OnAgenda),
            (ReferralState.OnAgenda, ReferralState.Decided),
        ]);
        referral.History.Skip(1).Select(e => e.Trigger).ShouldBe([
            ReferralTrigger.AttachDocument, ReferralTrigger.AttachDocument, ReferralTrigger.AttachDocument, ReferralTrigger.AttachDocument,
            ReferralTrigger.Submit,
            ReferralTrigger.AttachDocument, ReferralTrigger.AttachDocument,
            ReferralTrigger.Submit,
            ReferralTrigger.AssignToRound, ReferralTrigger.Triage, ReferralTrigger.PutOnAgenda,
            ReferralTrigger.RecordHearing, ReferralTrigger.DecidePlacement,
        ]);
        referral.Revision.ShouldBe(referral.History.Count);
    }

    // ---- Start ----

    [Test]
    public void The_childs_district_school_leader_starts_a_referral_as_a_draft_on_version_1()
    {
        var referral = Workflow.Start(Ids.Of(601), _s.Child, _s.SchoolLeader, CurrentRules, StartedAt);

        referral.Id.ShouldBe(Ids.Of(601));
        referral.ChildId.ShouldBe(_s.Child.Id);
        referral.DistrictSchoolId.ShouldBe(_s.SchoolId);
        referral.State.ShouldBe(ReferralState.Draft);
        referral.WorkflowKey.ShouldBe("referral");
        referral.WorkflowVersion.ShouldBe(1);
        referral.RuleSetVersion.ShouldBe("2026.1");
        referral.CreatedAt.ShouldBe(StartedAt);
        referral.IsOpen.ShouldBeTrue();
        referral.Documents.ShouldBeEmpty();
        referral.DeadlineChanges.ShouldBeEmpty();
    }

    [Test]
    public void Starting_a_referral_is_recorded_in_its_history_with_the_actor()
    {
        var referral = Workflow.Start(Ids.Of(601), _s.Child, _s.SchoolLeader, CurrentRules, StartedAt);

        var created = referral.History.ShouldHaveSingleItem();
        created.At.ShouldBe(StartedAt);
        created.From.ShouldBe(ReferralState.Draft);
        created.To.ShouldBe(ReferralState.Draft);
        created.ActorUserId.ShouldBe(_s.SchoolLeader.UserId);
        created.ActorName.ShouldBe("Skoleleder Syntetisk");
        created.ActorRole.ShouldBe("DistrictSchoolLeader");
        created.Detail.ShouldBe("Henvisning oprettet som kladde.");
        referral.Revision.ShouldBe(1);
    }

    [Test]
    public void Only_the_leader_of_the_childs_district_school_can_start_a_referral()
    {
        foreach (var actor in new[] { _s.OtherSchoolLeader, _s.Committee, _s.Guardian, _s.Psychologist, _s.OfferLeader, _s.Admin })
        {
            Should.Throw<NotPermittedException>(() => Workflow.Start(Ids.Of(601), _s.Child, actor, CurrentRules, StartedAt), actor.DisplayName)
                .Message.ShouldBe("Kun lederen af barnets distriktsskole kan oprette en henvisning.");
        }
    }

    // ---- Documents ----

    [Test]
    public void School_leader_attaches_a_document_with_its_file_details_and_uploader()
    {
        var referral = _s.Draft();
        var file = new StoredFileInfo(Ids.Of(701), "ppv-syntetisk.pdf", "application/pdf", 4096, new string('b', 64));

        Workflow.AttachDocument(referral, _s.SchoolLeader, ReferralPartType.PPV, file, StartedAt.AddHours(1), external: ExternalStatement);

        var document = referral.Documents.ShouldHaveSingleItem();
        document.Type.ShouldBe(ReferralPartType.PPV);
        document.StoredFileId.ShouldBe(Ids.Of(701));
        document.FileName.ShouldBe("ppv-syntetisk.pdf");
        document.ContentType.ShouldBe("application/pdf");
        document.Length.ShouldBe(4096);
        document.Sha256.ShouldBe(new string('b', 64));
        document.UploadedByUserId.ShouldBe(_s.SchoolLeader.UserId);
        document.UploadedByName.ShouldBe("Skoleleder Syntetisk");
        document.UploadedAt.ShouldBe(StartedAt.AddHours(1));
        document.IsCurrent.ShouldBeTrue();
        referral.HasPart(ReferralPartType.PPV).ShouldBeTrue();
        document.IsExternal.ShouldBeTrue();
        document.External.ShouldBe(new ExternalPpv("PPR, Nabokommunen (syntetisk)", new DateOnly(2026, 8, 20)));
        referral.History[^1].Detail.ShouldBe(
            "Vedhæftede en ekstern PPV fra PPR, Nabokommunen (syntetisk), dateret 20. august 2026 og markeret som endelig (ppv-syntetisk.pdf).");
    }

    [Test]
    public void An_uploaded_PPV_without_issuer_date_and_final_mark_is_refused_and_nothing_is_attached()
    {
        var referral = _s.Draft();

        Should.Throw<InvalidInputException>(() => Workflow.AttachDocument(referral, _s.SchoolLeader, ReferralPartType.PPV, File(ReferralPartType.PPV), StartedAt.AddHours(1)))
            .Field.ShouldBe(PpvForReferral.MarkedFinalField);

        referral.Documents.ShouldBeEmpty();
        referral.HasPart(ReferralPartType.PPV).ShouldBeFalse();
        referral.History.Count.ShouldBe(1, "only the start is in the history");
    }

    [Test]
    public void Other_parts_than_the_PPV_need_no_external_statement()
    {
        var referral = _s.Draft();

        Workflow.AttachDocument(referral, _s.SchoolLeader, ReferralPartType.ActionPlan, File(ReferralPartType.ActionPlan), StartedAt.AddHours(1));

        referral.Documents.ShouldHaveSingleItem().External.ShouldBeNull();
    }

    [Test]
    public void A_new_upload_of_the_same_part_supersedes_the_old_one_without_deleting_it()
    {
        var referral = _s.Draft(ReferralPartType.PPV);

        Workflow.AttachDocument(referral, _s.SchoolLeader, ReferralPartType.PPV, File(ReferralPartType.PPV), StartedAt.AddDays(2), external: ExternalStatement);

        referral.Documents.Count.ShouldBe(2);
        referral.Documents[0].IsCurrent.ShouldBeFalse();
        referral.Documents[1].IsCurrent.ShouldBeTrue();
        referral.CurrentDocuments.ShouldHaveSingleItem().ShouldBeSameAs(referral.Documents[1]);
        referral.HasPart(ReferralPartType.PPV).ShouldBeTrue();
    }

    [Test]
    public void Guardian_may_attach_the_parent_statement()
    {
        var referral = _s.Draft();

        Workflow.AttachDocument(referral, _s.Guardian, ReferralPartType.ParentStatement, File(ReferralPartType.ParentStatement), StartedAt.AddDays(1));

        referral.HasPart(ReferralPartType.ParentStatement).ShouldBeTrue();
        referral.Documents.ShouldHaveSingleItem().UploadedByUserId.ShouldBe(_s.Guardian.UserId);
        referral.History[^1].ActorRole.ShouldBe("Guardian");
    }

    [TestCase(ReferralPartType.SignedReferralForm)]
    [TestCase(ReferralPartType.PPV)]
    [TestCase(ReferralPartType.ActionPlan)]
    [TestCase(ReferralPartType.PupilPlan)]
    [TestCase(ReferralPartType.ChildPerspective)]
    public void Guardian_may_only_attach_the_parent_statement(ReferralPartType part)
    {
        var referral = _s.Draft();
        var revision = referral.Revision;

        Should.Throw<NotPermittedException>(() => Workflow.AttachDocument(referral, _s.Guardian, part, File(part), StartedAt.AddDays(1)))
            .Message.ShouldBe("Forældre kan kun vedhæfte forældreudtalelsen.");
        referral.Documents.ShouldBeEmpty();
        referral.Revision.ShouldBe(revision);
    }

    [Test]
    public void Guardian_may_attach_the_parent_statement_to_a_referral_returned_as_incomplete()
    {
        var referral = _s.Incomplete(ReferralPartType.SignedReferralForm);

        Workflow.AttachDocument(referral, _s.Guardian, ReferralPartType.ParentStatement, File(ReferralPartType.ParentStatement), SubmittedAt.AddDays(1));

        referral.State.ShouldBe(ReferralState.Incomplete);
        referral.HasPart(ReferralPartType.ParentStatement).ShouldBeTrue();
    }

    [Test]
    public void Documents_cannot_be_attached_once_the_referral_is_complete()
    {
        var referral = _s.Complete();

        var ex = Should.Throw<WrongStateException>(() =>
            Workflow.AttachDocument(referral, _s.SchoolLeader, ReferralPartType.PPV, File(ReferralPartType.PPV), AssignedAt, external: ExternalStatement));

        ex.Message.ShouldContain("Henvisningen er komplet.");
    }

    // ---- Submit ----

    [Test]
    public void Incomplete_submission_lists_the_missing_parts_in_Danish()
    {
        var referral = _s.Incomplete(ReferralPartType.SignedReferralForm, ReferralPartType.ActionPlan, ReferralPartType.PupilPlan);

        referral.State.ShouldBe(ReferralState.Incomplete);
        referral.History[^1].Detail.ShouldBe(
            "Indsendt, men mangler: PPV (pædagogisk-psykologisk vurdering), forældreudtalelse, barnets perspektiv. Sendt retur til skolen.");
        referral.MissingParts(CurrentRules.Referral.RequiredParts)
            .ShouldBe([ReferralPartType.PPV, ReferralPartType.ParentStatement, ReferralPartType.ChildPerspective]);
    }

    [Test]
    public void Incomplete_submission_schedules_the_incomplete_referral_reminder()
    {
        var referral = _s.Incomplete(ReferralPartType.SignedReferralForm);

        referral.SubmittedAt.ShouldBe(SubmittedAt);
        referral.CompletedAt.ShouldBeNull();
        referral.DeadlineChanges.ShouldBe([
            new CancelDeadlines(DeadlineKind.IncompleteReferralReminder, referral.Id),
            new ScheduleDeadline(DeadlineKind.IncompleteReferralReminder, referral.Id, SubmittedAt.AddDays(7)),
        ]);
    }

    [Test]
    public void Submitting_an_empty_draft_returns_it_as_incomplete_listing_all_six_parts()
    {
        var referral = _s.Incomplete();

        referral.State.ShouldBe(ReferralState.Incomplete);
        foreach (var part in AllParts)
            referral.History[^1].Detail.ShouldContain(part.Danish());
    }

    [Test]
    public void Resubmitting_a_still_incomplete_referral_keeps_it_incomplete_and_restarts_the_reminder()
    {
        var referral = _s.Incomplete(ReferralPartType.SignedReferralForm);
        referral.ClearDeadlineChanges();
        var again = SubmittedAt.AddDays(3);

        Workflow.Submit(referral, _s.SchoolLeader, CurrentRules, again);

        referral.State.ShouldBe(ReferralState.Incomplete);
        referral.SubmittedAt.ShouldBe(again);
        referral.DeadlineChanges.ShouldBe([
            new CancelDeadlines(DeadlineKind.IncompleteReferralReminder, referral.Id),
            new ScheduleDeadline(DeadlineKind.IncompleteReferralReminder, referral.Id, again.AddDays(7)),
        ]);
        referral.History[^1].From.ShouldBe(ReferralState.Incomplete);
        referral.History[^1].To.ShouldBe(ReferralState.Incomplete);
    }

    [Test]
    public void Resubmitting_a_completed_referral_makes_it_complete_and_cancels_the_reminder()
    {
        var referral = _s.Incomplete(ReferralPartType.SignedReferralForm, ReferralPartType.PPV, ReferralPartType.ActionPlan,
            ReferralPartType.PupilPlan, ReferralPartType.ParentStatement);
        referral.ClearDeadlineChanges();
        Workflow.AttachDocument(referral, _s.SchoolLeader, ReferralPartType.ChildPerspective, File(ReferralPartType.ChildPerspective), SubmittedAt.AddDays(1));
        var again = SubmittedAt.AddDays(2);

        Workflow.Submit(referral, _s.SchoolLeader, CurrentRules, again);

        referral.State.ShouldBe(ReferralState.Complete);
        referral.CompletedAt.ShouldBe(again);
        referral.DeadlineChanges.ShouldBe([new CancelDeadlines(DeadlineKind.IncompleteReferralReminder, referral.Id)]);
        referral.History[^1].Detail.ShouldBe("Indsendt komplet.");
    }

    [Test]
    public void A_draft_with_all_six_parts_is_complete_on_first_submission_and_schedules_no_reminder()
    {
        var referral = _s.Complete();

        referral.State.ShouldBe(ReferralState.Complete);
        referral.SubmittedAt.ShouldBe(SubmittedAt);
        referral.CompletedAt.ShouldBe(SubmittedAt);
        referral.DeadlineChanges.OfType<ScheduleDeadline>().ShouldBeEmpty();
    }

    // ---- Round ----

    [Test]
    public void Committee_assigns_a_complete_referral_to_an_open_round_before_its_deadline()
    {
        var referral = _s.Complete();

        Workflow.AssignToRound(referral, _s.Committee, _s.AutumnRound, AssignedAt);

        referral.State.ShouldBe(ReferralState.AssignedToRound);
        referral.RoundId.ShouldBe(_s.AutumnRound.Id);
        referral.History[^1].Detail.ShouldBe("Tilknyttet runden 'Efterår 2026'.");
    }

    [Test]
    public void Assigning_exactly_at_the_round_deadline_is_still_in_time()
    {
        var referral = _s.Complete();

        Workflow.AssignToRound(referral, _s.Committee, _s.AutumnRound, AutumnReferralDeadline);

        referral.RoundId.ShouldBe(_s.AutumnRound.Id);
    }

    [Test]
    public void Assigning_after_the_round_deadline_is_refused_in_Danish_naming_the_roundId_field()
    {
        var referral = _s.Complete();
        var revision = referral.Revision;

        var ex = Should.Throw<InvalidInputException>(() =>
            Workflow.AssignToRound(referral, _s.Committee, _s.AutumnRound, AutumnReferralDeadline.AddMinutes(1)));

        ex.Field.ShouldBe("roundId");
        ex.Message.ShouldBe("Henvisningsfristen for runden 'Efterår 2026' var 1. oktober 2026. Vælg en senere runde.");
        referral.State.ShouldBe(ReferralState.Complete);
        referral.RoundId.ShouldBeNull();
        referral.Revision.ShouldBe(revision);
    }

    [Test]
    public void Assigning_to_a_closed_round_is_refused_naming_the_roundId_field()
    {
        var referral = _s.Complete();
        _s.AutumnRound.Close();

        var ex = Should.Throw<InvalidInputException>(() => Workflow.AssignToRound(referral, _s.Committee, _s.AutumnRound, AssignedAt));

        ex.Field.ShouldBe("roundId");
        ex.Message.ShouldBe("Runden 'Efterår 2026' er lukket.");
        referral.State.ShouldBe(ReferralState.Complete);
    }

    [Test]
    public void A_continuous_round_for_children_moving_in_accepts_referrals_after_its_nominal_deadline()
    {
        var referral = _s.Complete();
        var continuous = new VisitationRound(Ids.Of(403), "Tilflyttere 2026", RoundKind.Continuous,
            AutumnReferralDeadline, AutumnTriageMeeting, AutumnCommitteeMeeting);

        Workflow.AssignToRound(referral, _s.Committee, continuous, AutumnReferralDeadline.AddDays(3));

        referral.RoundId.ShouldBe(continuous.Id);
    }

    // ---- Triage and agenda ----

    [TestCase(Track.SpecialOffers, "spor 1: specialtilbud")]
    [TestCase(Track.SocioEmotional, "spor 2: socio-emotionelle tilbud")]
    [TestCase(Track.FarReaching, "spor 3: vidtgående tilbud")]
    public void Triage_puts_the_referral_on_one_of_the_three_tracks(Track track, string danish)
    {
        var referral = _s.AssignedToRound();

        Workflow.Triage(referral, _s.Committee, track, AutumnTriageMeeting);

        referral.State.ShouldBe(ReferralState.Triaged);
        referral.Track.ShouldBe(track);
        referral.History[^1].Detail.ShouldBe($"Fordelt på {danish}.");
    }

    [TestCase(0)]
    [TestCase(4)]
    public void Triage_to_an_unknown_track_is_refused_naming_the_track_field(int value)
    {
        var referral = _s.AssignedToRound();

        var ex = Should.Throw<InvalidInputException>(() => Workflow.Triage(referral, _s.Committee, (Track)value, AutumnTriageMeeting));

        ex.Field.ShouldBe("track");
        referral.State.ShouldBe(ReferralState.AssignedToRound);
        referral.Track.ShouldBeNull();
    }

    [Test]
    public void A_triaged_referral_is_put_on_the_committees_agenda()
    {
        var referral = _s.Triaged();

        Workflow.PutOnAgenda(referral, _s.Committee, OnAgendaAt);

        referral.State.ShouldBe(ReferralState.OnAgenda);
        referral.History[^1].Detail.ShouldBe("Sat på visitationsudvalgets dagsorden.");
    }

    // ---- Hearing ----

    [TestCase(ReferralState.AssignedToRound)]
    [TestCase(ReferralState.Triaged)]
    [TestCase(ReferralState.OnAgenda)]
    public void A_hearing_can_be_recorded_from_assignment_until_the_decision_without_changing_state(ReferralState state)
    {
        var referral = _s.InState(state);

        _s.RecordHearing(referral, _s.Committee, parentsReply: "  Vi ønsker en plads tæt på hjemmet.  ");

        referral.State.ShouldBe(state);
        var hearing = referral.Hearings.ShouldHaveSingleItem();
        hearing.SentAt.ShouldBe(AutumnCommitteeMeeting.AddDays(-10));
        hearing.ReplyDeadline.ShouldBe(AutumnCommitteeMeeting.AddDays(-3));
        hearing.Subject.ShouldBe("PPV og handleplan");
        hearing.ParentsReply.ShouldBe("Vi ønsker en plads tæt på hjemmet.");
        hearing.RecordedByUserId.ShouldBe(_s.Committee.UserId);
        referral.History[^1].Trigger.ShouldBe(ReferralTrigger.RecordHearing);
    }

    [Test]
    public void A_hearing_without_a_reply_yet_is_recorded_with_no_reply()
    {
        var referral = _s.OnAgenda();

        _s.RecordHearing(referral, _s.Committee, parentsReply: "   ");

        referral.Hearings.ShouldHaveSingleItem().ParentsReply.ShouldBeNull();
    }

    [Test]
    public void A_hearing_still_open_for_the_parents_reply_cannot_be_recorded_as_basis_for_a_decision()
    {
        var referral = _s.OnAgenda();
        var sentAt = AutumnCommitteeMeeting.AddDays(-2);

        var ex = Should.Throw<InvalidInputException>(() => Workflow.RecordHearing(referral, _s.Committee, sentAt,
            sentAt.AddDays(14), "PPV og handleplan", null, CurrentRules, AutumnCommitteeMeeting));

        ex.Field.ShouldBe("parentsReply");
        ex.Message.ShouldContain("svarfristen");
        referral.Hearings.ShouldBeEmpty();
    }

    [Test]
    public void A_hearing_the_parents_answered_before_the_deadline_can_be_recorded()
    {
        var referral = _s.OnAgenda();
        var sentAt = AutumnCommitteeMeeting.AddDays(-2);

        Workflow.RecordHearing(referral, _s.Committee, sentAt, sentAt.AddDays(14), "PPV og handleplan",
            "Vi er enige i vurderingen.", CurrentRules, AutumnCommitteeMeeting);

        referral.Hearings.ShouldHaveSingleItem().ParentsReply.ShouldBe("Vi er enige i vurderingen.");
    }

    [Test]
    public void A_hearing_reply_deadline_shorter_than_the_rule_set_minimum_is_refused()
    {
        var referral = _s.OnAgenda();
        var sentAt = AutumnCommitteeMeeting.AddDays(-10);

        var ex = Should.Throw<InvalidInputException>(() => Workflow.RecordHearing(referral, _s.Committee, sentAt,
            sentAt.AddDays(7).AddMinutes(-1), "PPV", null, CurrentRules, AutumnCommitteeMeeting));

        ex.Field.ShouldBe("replyDeadline");
        ex.Message.ShouldBe("Svarfristen skal være mindst 7 dage efter, at høringen er sendt.");
        referral.Hearings.ShouldBeEmpty();
    }

    [Test]
    public void A_hearing_sent_in_the_future_is_refused()
    {
        var referral = _s.OnAgenda();
        var now = AutumnCommitteeMeeting;

        var ex = Should.Throw<InvalidInputException>(() => Workflow.RecordHearing(referral, _s.Committee, now.AddMinutes(1),
            now.AddDays(8), "PPV", null, CurrentRules, now));

        ex.Field.ShouldBe("sentAt");
    }

    [Test]
    public void A_hearing_without_a_subject_is_refused()
    {
        var referral = _s.OnAgenda();
        var sentAt = AutumnCommitteeMeeting.AddDays(-10);

        Should.Throw<InvalidInputException>(() => Workflow.RecordHearing(referral, _s.Committee, sentAt, sentAt.AddDays(7), " ", null, CurrentRules, AutumnCommitteeMeeting))
            .Field.ShouldBe("subject");
    }

    // ---- Decisions ----

    [Test]
    public void Placement_decision_records_offer_start_date_reasons_and_rule_set()
    {
        var referral = _s.OnAgenda();

        Workflow.DecidePlacement(referral, _s.Committee, _s.Offer, PlacementStart, "  Barnets behov matcher tilbuddet. ", CurrentRules, AutumnCommitteeMeeting);

        referral.State.ShouldBe(ReferralState.Decided);
        var decision = referral.Decisions.ShouldHaveSingleItem();
        referral.LatestDecision.ShouldBeSameAs(decision);
        decision.Outcome.ShouldBe(DecisionOutcome.Placement);
        decision.RoundId.ShouldBe(_s.AutumnRound.Id);
        decision.OfferId.ShouldBe(_s.OfferId);
        decision.StartDate.ShouldBe(PlacementStart);
        decision.Reasons.ShouldBe("Barnets behov matcher tilbuddet.");
        decision.DecidedAt.ShouldBe(AutumnCommitteeMeeting);
        decision.DecidedByUserId.ShouldBe(_s.Committee.UserId);
        decision.RuleSetVersion.ShouldBe("2026.1");
        decision.DispatchedAt.ShouldBeNull();
        referral.History[^1].Detail.ShouldBe("Visiteret til Testklassen (syntetisk) fra 2. november 2026.");
    }

    [Test]
    public void Placement_decision_schedules_the_decision_dispatch_deadline()
    {
        var referral = _s.OnAgenda();
        referral.ClearDeadlineChanges();

        Workflow.DecidePlacement(referral, _s.Committee, _s.Offer, PlacementStart, "Begrundelse.", CurrentRules, AutumnCommitteeMeeting);

        referral.DeadlineChanges.ShouldBe([
            new ScheduleDeadline(DeadlineKind.DecisionDispatch, referral.Id, AutumnCommitteeMeeting.AddDays(5)),
        ]);
    }

    [Test]
    public void Placement_in_an_inactive_offer_is_refused_naming_the_offerId_field()
    {
        var referral = _s.OnAgenda();
        _s.Offer.Change(_s.Offer.Name, _s.Offer.Seats, isActive: false);

        var ex = Should.Throw<InvalidInputException>(() =>
            Workflow.DecidePlacement(referral, _s.Committee, _s.Offer, PlacementStart, "Begrundelse.", CurrentRules, AutumnCommitteeMeeting));

        ex.Field.ShouldBe("offerId");
        ex.Message.ShouldBe("Tilbuddet 'Testklassen (syntetisk)' er ikke aktivt.");
        referral.State.ShouldBe(ReferralState.OnAgenda);
        referral.Decisions.ShouldBeEmpty();
    }

    [Test]
    public void Placement_starting_before_the_decision_is_refused_naming_the_startDate_field()
    {
        var referral = _s.OnAgenda();

        var ex = Should.Throw<InvalidInputException>(() => Workflow.DecidePlacement(referral, _s.Committee, _s.Offer,
            DateOnly.FromDateTime(AutumnCommitteeMeeting.UtcDateTime).AddDays(-1), "Begrundelse.", CurrentRules, AutumnCommitteeMeeting));

        ex.Field.ShouldBe("startDate");
        referral.State.ShouldBe(ReferralState.OnAgenda);
    }

    [Test]
    public void Placement_may_start_on_the_day_of_the_decision()
    {
        var referral = _s.OnAgenda();

        Workflow.DecidePlacement(referral, _s.Committee, _s.Offer, new DateOnly(2026, 10, 15), "Begrundelse.", CurrentRules, AutumnCommitteeMeeting);

        referral.State.ShouldBe(ReferralState.Decided);
    }

    [Test]
    public void A_decision_without_reasons_is_refused_naming_the_reasons_field()
    {
        var referral = _s.OnAgenda();

        Should.Throw<InvalidInputException>(() =>
                Workflow.DecidePlacement(referral, _s.Committee, _s.Offer, PlacementStart, "  ", CurrentRules, AutumnCommitteeMeeting))
            .Field.ShouldBe("reasons");
        Should.Throw<InvalidInputException>(() =>
                Workflow.DecideReturnToGeneral(referral, _s.Committee, "Støtte fra TCBU.", "", CurrentRules, AutumnCommitteeMeeting))
            .Field.ShouldBe("reasons");
        referral.State.ShouldBe(ReferralState.OnAgenda);
    }

    [Test]
    public void Return_to_general_decision_records_the_recommendations_and_schedules_dispatch()
    {
        var referral = _s.OnAgenda();
        referral.ClearDeadlineChanges();

        Workflow.DecideReturnToGeneral(referral, _s.Committee, "Støtte fra TCBU og kompetencecentret.", "Behovet kan mødes i almentilbuddet.", CurrentRules, AutumnCommitteeMeeting);

        referral.State.ShouldBe(ReferralState.Decided);
        var decision = referral.Decisions.ShouldHaveSingleItem();
        decision.Outcome.ShouldBe(DecisionOutcome.ReturnToGeneral);
        decision.OfferId.ShouldBeNull();
        decision.StartDate.ShouldBeNull();
        decision.Recommendations.ShouldBe("Støtte fra TCBU og kompetencecentret.");
        decision.Reasons.ShouldBe("Behovet kan mødes i almentilbuddet.");
        decision.RoundId.ShouldBe(_s.AutumnRound.Id);
        referral.DeadlineChanges.ShouldBe([
            new ScheduleDeadline(DeadlineKind.DecisionDispatch, referral.Id, AutumnCommitteeMeeting.AddDays(5)),
        ]);
        referral.History[^1].Detail.ShouldBe("Tilbagevist til almentilbuddet med anbefalinger.");
    }

    [Test]
    public void Return_to_general_without_recommendations_is_refused_naming_the_recommendations_field()
    {
        var referral = _s.OnAgenda();

        Should.Throw<InvalidInputException>(() =>
                Workflow.DecideReturnToGeneral(referral, _s.Committee, " ", "Begrundelse.", CurrentRules, AutumnCommitteeMeeting))
            .Field.ShouldBe("recommendations");
    }

    [Test]
    public void Marking_a_decision_dispatched_keeps_the_first_dispatch_time()
    {
        var decision = _s.DecidedPlacement().LatestDecision!;

        decision.MarkDispatched(AutumnCommitteeMeeting.AddDays(1));
        decision.MarkDispatched(AutumnCommitteeMeeting.AddDays(2));

        decision.DispatchedAt.ShouldBe(AutumnCommitteeMeeting.AddDays(1));
    }

    // ---- Postponement ----

    [Test]
    public void Postponing_moves_the_referral_back_to_assigned_on_the_later_round_with_what_is_missing()
    {
        var referral = _s.OnAgenda();

        Workflow.Postpone(referral, _s.Committee, _s.WinterRound, " Opdateret PPV. ", "PPV'en er mere end et år gammel.", CurrentRules, AutumnCommitteeMeeting);

        referral.State.ShouldBe(ReferralState.AssignedToRound);
        referral.IsOpen.ShouldBeTrue();
        referral.RoundId.ShouldBe(_s.WinterRound.Id);
        referral.Track.ShouldBeNull();
        var decision = referral.Decisions.ShouldHaveSingleItem();
        decision.Outcome.ShouldBe(DecisionOutcome.Postponed);
        decision.RoundId.ShouldBe(_s.AutumnRound.Id);
        decision.PostponedToRoundId.ShouldBe(_s.WinterRound.Id);
        decision.MissingForPostponement.ShouldBe("Opdateret PPV.");
        decision.Reasons.ShouldBe("PPV'en er mere end et år gammel.");
        decision.OfferId.ShouldBeNull();
        referral.History[^1].Detail.ShouldBe("Udsat til runden 'Vinter 2027'. Mangler: Opdateret PPV.");
    }

    [Test]
    public void A_postponed_referral_is_triaged_and_decided_again_in_the_later_round()
    {
        var referral = _s.OnAgenda();
        Workflow.Postpone(referral, _s.Committee, _s.WinterRound, "Opdateret PPV.", "Begrundelse.", CurrentRules, AutumnCommitteeMeeting);

        Workflow.Triage(referral, _s.Committee, Track.FarReaching, _s.WinterRound.TriageMeetingAt);
        Workflow.PutOnAgenda(referral, _s.Committee, _s.WinterRound.TriageMeetingAt.AddDays(1));
        Workflow.DecidePlacement(referral, _s.Committee, _s.Offer, new DateOnly(2027, 2, 1), "Begrundelse.", CurrentRules, _s.WinterRound.CommitteeMeetingAt);

        referral.State.ShouldBe(ReferralState.Decided);
        referral.Decisions.Select(d => d.Outcome).ShouldBe([DecisionOutcome.Postponed, DecisionOutcome.Placement]);
        referral.LatestDecision!.Outcome.ShouldBe(DecisionOutcome.Placement);
        referral.LatestDecision.RoundId.ShouldBe(_s.WinterRound.Id);
    }

    [Test]
    public void Postponing_to_the_same_round_is_refused()
    {
        var referral = _s.OnAgenda();

        var ex = Should.Throw<InvalidInputException>(() =>
            Workflow.Postpone(referral, _s.Committee, _s.AutumnRound, "PPV.", "Begrundelse.", CurrentRules, AutumnCommitteeMeeting));

        ex.Field.ShouldBe("postponedToRoundId");
        ex.Message.ShouldBe("Sagen kan kun udsættes til en senere, åben runde.");
        referral.State.ShouldBe(ReferralState.OnAgenda);
        referral.Decisions.ShouldBeEmpty();
    }

    [Test]
    public void Postponing_to_a_closed_round_is_refused()
    {
        var referral = _s.OnAgenda();
        _s.WinterRound.Close();

        Should.Throw<InvalidInputException>(() =>
                Workflow.Postpone(referral, _s.Committee, _s.WinterRound, "PPV.", "Begrundelse.", CurrentRules, AutumnCommitteeMeeting))
            .Field.ShouldBe("postponedToRoundId");
    }

    [Test]
    public void Postponing_to_a_round_whose_committee_has_already_met_is_refused()
    {
        var referral = _s.OnAgenda();
        var past = new VisitationRound(Ids.Of(404), "Sommer 2026", RoundKind.Regular,
            Times.At(2026, 5, 1), Times.At(2026, 5, 8), Times.At(2026, 5, 15));

        Should.Throw<InvalidInputException>(() =>
                Workflow.Postpone(referral, _s.Committee, past, "PPV.", "Begrundelse.", CurrentRules, AutumnCommitteeMeeting))
            .Field.ShouldBe("postponedToRoundId");
    }

    [Test]
    public void Postponing_without_saying_what_is_missing_is_refused()
    {
        var referral = _s.OnAgenda();

        Should.Throw<InvalidInputException>(() =>
                Workflow.Postpone(referral, _s.Committee, _s.WinterRound, " ", "Begrundelse.", CurrentRules, AutumnCommitteeMeeting))
            .Field.ShouldBe("missing");
    }

    // ---- Withdrawal ----

    [TestCase(ReferralState.Draft)]
    [TestCase(ReferralState.Incomplete)]
    [TestCase(ReferralState.Complete)]
    [TestCase(ReferralState.AssignedToRound)]
    public void School_leader_withdraws_a_referral_before_triage_with_a_reason(ReferralState state)
    {
        var referral = _s.InState(state);
        referral.ClearDeadlineChanges();

        Workflow.Withdraw(referral, _s.SchoolLeader, " Forældrene er flyttet. ", AssignedAt);

        referral.State.ShouldBe(ReferralState.Withdrawn);
        referral.IsOpen.ShouldBeFalse();
        referral.WithdrawalReason.ShouldBe("Forældrene er flyttet.");
        referral.DeadlineChanges.ShouldBe([new CancelDeadlines(DeadlineKind.IncompleteReferralReminder, referral.Id)]);
        referral.History[^1].From.ShouldBe(state);
        referral.History[^1].To.ShouldBe(ReferralState.Withdrawn);
        referral.History[^1].Detail.ShouldBe("Trukket tilbage: Forældrene er flyttet.");
    }

    [Test]
    public void Withdrawing_without_a_reason_is_refused_naming_the_reason_field()
    {
        var referral = _s.Draft();

        Should.Throw<InvalidInputException>(() => Workflow.Withdraw(referral, _s.SchoolLeader, "", AssignedAt)).Field.ShouldBe("reason");
        referral.State.ShouldBe(ReferralState.Draft);
    }

    // ---- History ----

    [Test]
    public void Every_step_is_recorded_with_time_actor_from_and_to_and_bumps_the_revision_by_one()
    {
        var referral = _s.Draft();
        var steps = new (string Name, Actor Actor, DateTimeOffset At, ReferralState To, Action Take)[]
        {
            ("attach by guardian", _s.Guardian, StartedAt.AddHours(3), ReferralState.Draft,
                () => Workflow.AttachDocument(referral, _s.Guardian, ReferralPartType.ParentStatement, File(ReferralPartType.ParentStatement), StartedAt.AddHours(3))),
            ("submit incomplete", _s.SchoolLeader, SubmittedAt, ReferralState.Incomplete,
                () => Workflow.Submit(referral, _s.SchoolLeader, CurrentRules, SubmittedAt)),
            ("attach while incomplete", _s.SchoolLeader, SubmittedAt.AddDays(1), ReferralState.Incomplete,
                () => Workflow.AttachDocument(referral, _s.SchoolLeader, ReferralPartType.ChildPerspective, File(ReferralPartType.ChildPerspective), SubmittedAt.AddDays(1))),
            ("withdraw", _s.SchoolLeader, SubmittedAt.AddDays(2), ReferralState.Withdrawn,
                () => Workflow.Withdraw(referral, _s.SchoolLeader, "Forældrene er flyttet.", SubmittedAt.AddDays(2))),
        };

        foreach (var (name, actor, at, to, take) in steps)
        {
            var from = referral.State;
            var revision = referral.Revision;
            var count = referral.History.Count;

            take();

            referral.Revision.ShouldBe(revision + 1, name);
            referral.History.Count.ShouldBe(count + 1, name);
            var step = referral.History[^1];
            step.At.ShouldBe(at, name);
            step.ActorUserId.ShouldBe(actor.UserId, name);
            step.ActorName.ShouldBe(actor.DisplayName, name);
            step.ActorRole.ShouldBe(actor.Role.ToString(), name);
            step.From.ShouldBe(from, name);
            step.To.ShouldBe(to, name);
            step.Detail.ShouldNotBeNullOrWhiteSpace(name);
        }
    }

    [Test]
    public void Each_history_step_has_its_own_id()
    {
        var referral = _s.DecidedPlacement();

        referral.History.Select(e => e.Id).Distinct().Count().ShouldBe(referral.History.Count);
    }

    [Test]
    public void A_refused_step_leaves_no_trace_in_history_revision_or_deadlines()
    {
        var referral = _s.Incomplete(ReferralPartType.SignedReferralForm);
        var revision = referral.Revision;
        var history = referral.History.Count;
        var deadlineChanges = referral.DeadlineChanges.Count;

        Should.Throw<DomainException>(() => Workflow.Triage(referral, _s.Committee, Track.SpecialOffers, AutumnTriageMeeting));
        Should.Throw<DomainException>(() => Workflow.Submit(referral, _s.Committee, CurrentRules, AssignedAt));
        Should.Throw<DomainException>(() => Workflow.Withdraw(referral, _s.OtherSchoolLeader, "Begrundelse.", AssignedAt));

        referral.Revision.ShouldBe(revision);
        referral.History.Count.ShouldBe(history);
        referral.DeadlineChanges.Count.ShouldBe(deadlineChanges);
        referral.State.ShouldBe(ReferralState.Incomplete);
    }
}
