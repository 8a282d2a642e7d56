using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Ppv.PpvScenario;

namespace Visitation.Workflows.Tests.Ppv;

public class PpvWorkflowV1Tests
{
    private PpvScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new PpvScenario();

    // ---- Request ----

    [Test]
    public void A_district_school_leader_requests_a_PPV_that_waits_for_consent()
    {
        var ppv = _s.Requested();

        ppv.Id.ShouldBe(Ids.Of(701));
        ppv.ChildId.ShouldBe(_s.Child.Id);
        ppv.DistrictSchoolId.ShouldBe(_s.SchoolId);
        ppv.GuardianIds.ShouldBe([_s.GuardianAId, _s.GuardianBId]);
        ppv.WorkflowKey.ShouldBe("ppv");
        ppv.WorkflowVersion.ShouldBe(1);
        ppv.RuleSetVersion.ShouldBe("2026.1");
        ppv.State.ShouldBe(PpvState.Requested);
        ppv.CreatedAt.ShouldBe(RequestedAt);
        ppv.CreatedAt.Offset.ShouldBe(TimeSpan.Zero);
        ppv.Revision.ShouldBe(1);
        var request = ppv.CurrentRequest.ShouldNotBeNull();
        request.ForVersion.ShouldBe(1);
        request.IsUpdate.ShouldBeFalse();
        request.RequestedByRole.ShouldBe(Role.DistrictSchoolLeader);
        request.RequestedByUserId.ShouldBe(_s.SchoolLeader.UserId);
        request.TargetAt.ShouldBe(RequestedAt.AddDays(90));
        var step = ppv.History.ShouldHaveSingleItem();
        step.Trigger.ShouldBe(PpvTrigger.Request);
        step.Detail.ShouldBe("PPV anmodet; målet er en endelig PPV senest 30. november 2026. Afventer forældrenes samtykke.");
    }

    [Test]
    public void A_guardian_of_the_child_may_request_a_PPV()
    {
        var ppv = _s.Requested(_s.GuardianA);

        ppv.FirstRequest.RequestedByRole.ShouldBe(Role.Guardian);
        ppv.State.ShouldBe(PpvState.Requested);
    }

    [TestCase(Role.CommitteeMember, true)]
    [TestCase(Role.Psychologist, true)]
    [TestCase(Role.OfferLeader, true)]
    [TestCase(Role.Administrator, true)]
    [TestCase(Role.DistrictSchoolLeader, false)]
    [TestCase(Role.Guardian, false)]
    public void Only_the_childs_school_leader_or_guardian_may_request_a_PPV(Role role, bool inScope)
    {
        Should.Throw<NotPermittedException>(() => _s.Requested(_s.ActorFor(role, inScope)))
            .Message.ShouldBe("Kun lederen af barnets distriktsskole eller barnets forældre kan anmode om en PPV.");
    }

    [Test]
    public void A_request_without_a_reason_is_refused_in_Danish()
    {
        Should.Throw<InvalidInputException>(() => _s.Workflow.Request(Ids.Of(701), _s.Child, _s.SchoolLeader, " ", CurrentRules, RequestedAt))
            .Message.ShouldBe("Hvad PPV'en skal belyse skal udfyldes.");
    }

    // ---- The whole path ----

    [Test]
    public void A_PPV_goes_from_request_through_consent_meeting_assignment_assessment_draft_and_hearing_to_final()
    {
        var ppv = _s.Final();

        ppv.State.ShouldBe(PpvState.Final);
        ppv.History.Select(h => h.Trigger).ShouldBe([
            PpvTrigger.Request, PpvTrigger.RecordConsent, PpvTrigger.RecordConsent, PpvTrigger.Prioritise, PpvTrigger.Assign,
            PpvTrigger.RecordNote, PpvTrigger.WriteDraft, PpvTrigger.SendToHearing, PpvTrigger.CommentOnHearing, PpvTrigger.Finalise,
        ]);
        ppv.History.Select(h => h.To).ShouldBe([
            PpvState.Requested, PpvState.Requested, PpvState.AwaitingPrioritisation, PpvState.AwaitingAssignment, PpvState.Assigned,
            PpvState.InAssessment, PpvState.Drafted, PpvState.InHearing, PpvState.InHearing, PpvState.Final,
        ]);
        ppv.Revision.ShouldBe(ppv.History.Count);
        var final = ppv.LatestFinal.ShouldNotBeNull();
        final.Number.ShouldBe(1);
        final.Text.ShouldBe("Barnet har brug for forudsigelighed og små fællesskaber.");
        final.Recommendations.ShouldBe("Fast voksen i overgange; visuel dagsplan.");
        final.ResponseToComments.ShouldBe("Frikvartererne er beskrevet under anbefalingerne.");
        final.FinalisedAt.ShouldBe(AfterHearing);
        final.FinalisedByUserId.ShouldBe(_s.Psychologist.UserId);
        final.Reference.ShouldBe(new PpvReference(ppv.Id, 1));
        ppv.Hearings.ShouldHaveSingleItem().Closure.ShouldBe(HearingClosure.Finalised);
    }

    [Test]
    public void Prioritising_records_the_priority_and_the_coordination_meeting_date()
    {
        var ppv = _s.Prioritised();

        ppv.State.ShouldBe(PpvState.AwaitingAssignment);
        ppv.CurrentRequest.Priority.ShouldBe(PpvPriority.High);
        ppv.CurrentRequest.CoordinationMeetingOn.ShouldBe(MeetingDate);
        ppv.CurrentRequest.PrioritisedByUserId.ShouldBe(_s.SchoolLeader.UserId);
        ppv.History[^1].Detail.ShouldBe("Prioriteret på koordineringsmødet 8. september 2026: høj prioritet.");
    }

    [Test]
    public void A_later_coordination_meeting_may_reprioritise_a_request_still_waiting_for_a_psychologist()
    {
        var ppv = _s.Prioritised();

        _s.Workflow.Prioritise(ppv, _s.Psychologist, PpvPriority.Low, new DateOnly(2026, 9, 22), Times.At(2026, 9, 22, 15));

        ppv.State.ShouldBe(PpvState.AwaitingAssignment);
        ppv.CurrentRequest.Priority.ShouldBe(PpvPriority.Low);
        ppv.History[^1].Detail.ShouldStartWith("Omprioriteret");
    }

    [Test]
    public void A_coordination_meeting_in_the_future_or_before_the_request_is_refused()
    {
        var ppv = _s.Consented();

        Should.Throw<InvalidInputException>(() => _s.Workflow.Prioritise(ppv, _s.SchoolLeader, PpvPriority.High, new DateOnly(2026, 9, 9), PrioritisedAt))
            .Field.ShouldBe("meetingDate");
        Should.Throw<InvalidInputException>(() => _s.Workflow.Prioritise(ppv, _s.SchoolLeader, PpvPriority.High, new DateOnly(2026, 8, 31), PrioritisedAt))
            .Message.ShouldBe("Koordineringsmødet kan ikke ligge før anmodningen.");
        Should.Throw<InvalidInputException>(() => _s.Workflow.Prioritise(ppv, _s.SchoolLeader, (PpvPriority)9, MeetingDate, PrioritisedAt))
            .Field.ShouldBe("priority");
        ppv.State.ShouldBe(PpvState.AwaitingPrioritisation);
    }

    [Test]
    public void Assessment_notes_keep_kind_author_and_times_and_the_history_keeps_no_content()
    {
        var ppv = _s.InAssessment();
        _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.ConversationWithChild, "Barnet fortæller om frikvartererne.", Times.At(2026, 9, 16, 11), Times.At(2026, 9, 16, 15));

        ppv.Notes.Count.ShouldBe(2);
        var note = ppv.Notes[^1];
        note.Kind.ShouldBe(PpvNoteKind.ConversationWithChild);
        note.Text.ShouldBe("Barnet fortæller om frikvartererne.");
        note.AuthorUserId.ShouldBe(_s.Psychologist.UserId);
        note.AuthorName.ShouldBe("Psykolog Syntetisk");
        note.OccurredAt.ShouldBe(Times.At(2026, 9, 16, 11));
        note.RecordedAt.ShouldBe(Times.At(2026, 9, 16, 15));
        note.RequestId.ShouldBe(ppv.CurrentRequest.Id);
        ppv.History[^1].Detail.ShouldBe("Notat registreret: samtale med barnet.");
        ppv.History.ShouldAllBe(h => !h.Detail.Contains("frikvartererne"));
    }

    [Test]
    public void A_note_about_the_future_or_of_an_unknown_kind_is_refused()
    {
        var ppv = _s.Assigned();

        Should.Throw<InvalidInputException>(() => _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Observation, "x", NoteAt.AddHours(1), NoteAt))
            .Field.ShouldBe("occurredAt");
        Should.Throw<InvalidInputException>(() => _s.Workflow.RecordNote(ppv, _s.Psychologist, (PpvNoteKind)42, "x", NoteAt, NoteAt))
            .Field.ShouldBe("kind");
        Should.Throw<InvalidInputException>(() => _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Observation, "", NoteAt, NoteAt))
            .Message.ShouldBe("Notatet skal udfyldes.");
        ppv.State.ShouldBe(PpvState.Assigned);
        ppv.Notes.ShouldBeEmpty();
    }

    [Test]
    public void A_new_draft_before_the_hearing_replaces_the_previous_one_for_the_hearing_but_keeps_it()
    {
        var ppv = _s.Drafted();
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Revideret vurdering.", "Reviderede anbefalinger.", DraftAt.AddDays(1));

        ppv.Drafts.Select(d => d.Number).ShouldBe([1, 2]);
        ppv.CurrentDraft!.Text.ShouldBe("Revideret vurdering.");

        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, HearingSentAt);

        ppv.CurrentHearing!.DraftId.ShouldBe(ppv.Drafts[1].Id);
    }

    [Test]
    public void A_draft_without_text_or_recommendations_is_refused()
    {
        var ppv = _s.InAssessment();

        Should.Throw<InvalidInputException>(() => _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Vurdering.", " ", DraftAt))
            .Message.ShouldBe("Anbefalingerne skal udfyldes.");
        ppv.State.ShouldBe(PpvState.InAssessment);
    }

    // ---- Withdrawal ----

    [Test]
    public void Withdrawing_a_request_ends_the_case_and_cancels_its_deadlines()
    {
        var ppv = _s.Drafted();
        ppv.ClearDeadlineChanges();

        _s.Workflow.Withdraw(ppv, _s.GuardianB, "Vi ønsker ikke vurderingen alligevel.", DraftAt.AddDays(1));

        ppv.State.ShouldBe(PpvState.Withdrawn);
        ppv.WithdrawalReason.ShouldBe("Vi ønsker ikke vurderingen alligevel.");
        ppv.CurrentRequest.WithdrawnAt.ShouldBe(DraftAt.AddDays(1));
        ppv.DeadlineChanges.ShouldBe([
            new CancelDeadlines(DeadlineKind.PpvTargetReminder, ppv.Id),
            new CancelDeadlines(DeadlineKind.PpvTargetEscalation, ppv.Id),
            new CancelDeadlines(DeadlineKind.PpvHearingDeadline, ppv.Id),
        ]);
        _s.Workflow.PermittedActions(ppv, _s.SchoolLeader, DraftAt.AddDays(2)).ShouldBeEmpty();
        _s.Workflow.PermittedActions(ppv, _s.Psychologist, DraftAt.AddDays(2)).ShouldBeEmpty();
    }

    [Test]
    public void The_withdrawal_reason_is_kept_in_the_history_as_a_sentence()
    {
        var ppv = _s.Requested();

        _s.Workflow.Withdraw(ppv, _s.SchoolLeader, "Familien er flyttet", ConsentAt);

        ppv.History[^1].Detail.ShouldBe("Anmodningen er trukket tilbage: Familien er flyttet.");
    }

    [Test]
    public void Withdrawing_during_the_hearing_closes_the_hearing()
    {
        var ppv = _s.InHearing();

        _s.Workflow.Withdraw(ppv, _s.Psychologist, "Familien er flyttet fra kommunen.", DuringHearing);

        ppv.Hearings.ShouldHaveSingleItem().Closure.ShouldBe(HearingClosure.Withdrawn);
        ppv.CurrentHearing.ShouldBeNull();
    }

    // ---- Versions of the workflow ----

    [Test]
    public void The_PPV_workflow_is_registered_beside_the_referral_workflow_and_new_cases_start_on_version_1()
    {
        var catalog = new WorkflowCatalog([new ReferralWorkflowV1(), new PpvWorkflowV1()]);

        catalog.Keys.ShouldBe(["ppv", "referral"], ignoreOrder: true);
        var workflow = catalog.Latest<PpvWorkflow>(PpvWorkflow.DefinitionKey);
        workflow.ShouldBeOfType<PpvWorkflowV1>();
        workflow.Title.ShouldBe("Pædagogisk-psykologisk vurdering (PPV)");
        workflow.IsPublished.ShouldBeTrue();
        catalog.Versions("ppv").ShouldHaveSingleItem().IsLatest.ShouldBeTrue();
        catalog.Get<PpvWorkflow>("ppv", 1).ShouldBeSameAs(workflow);
    }

    private sealed class PpvWorkflowV2ForTest : PpvWorkflowV1
    {
        public override int Version => 2;
    }

    [Test]
    public void A_workflow_version_refuses_to_run_a_case_started_on_another_version()
    {
        var s = new PpvScenario(new PpvWorkflowV2ForTest());
        var onV2 = s.Requested();
        var revision = onV2.Revision;

        Should.Throw<InvalidOperationException>(() => new PpvWorkflowV1().Withdraw(onV2, s.SchoolLeader, "x", ConsentAt))
            .Message.ShouldContain("version 2, not version 1");
        onV2.State.ShouldBe(PpvState.Requested);
        onV2.Revision.ShouldBe(revision);
    }
}
