using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Ppv.PpvScenario;

namespace Visitation.Workflows.Tests.Ppv;

/// <summary>
/// Without the parents' consent nothing about the child goes to the psychologist service beyond the
/// request: no assessment step can be taken and no psychologist can read content.
/// </summary>
public class PpvConsentTests
{
    private PpvScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new PpvScenario();

    [Test]
    public void Consent_records_who_consented_to_what_and_when()
    {
        var ppv = _s.Requested();

        _s.Workflow.RecordConsent(ppv, _s.GuardianA, [_s.GuardianAId], ConsentScopes.Assessment | ConsentScopes.SharingWithSchool,
            ConsentAt.AddHours(-1), ConsentAt);

        var consent = ppv.Consents.ShouldHaveSingleItem();
        consent.GuardianId.ShouldBe(_s.GuardianAId);
        consent.Scopes.ShouldBe(ConsentScopes.Assessment | ConsentScopes.SharingWithSchool);
        consent.GivenAt.ShouldBe(ConsentAt.AddHours(-1));
        consent.RecordedAt.ShouldBe(ConsentAt);
        consent.RecordedByUserId.ShouldBe(_s.GuardianA.UserId);
        consent.RecordedByRole.ShouldBe(Role.Guardian);
        ppv.History[^1].Detail.ShouldBe("Samtykke fra 1 forælder/forældre til: vurdering, deling med skolen.");
    }

    [Test]
    public void When_two_guardians_hold_custody_one_consent_is_not_enough()
    {
        var ppv = _s.Requested();

        _s.Workflow.RecordConsent(ppv, _s.GuardianA, [_s.GuardianAId], ConsentScopes.All, ConsentAt, ConsentAt);

        ppv.State.ShouldBe(PpvState.Requested);
        ppv.HasConsent(ConsentScopes.Assessment).ShouldBeFalse();
        _s.Workflow.PermittedActions(ppv, _s.SchoolLeader, ConsentAt).ShouldBe([PpvTrigger.RecordConsent, PpvTrigger.Withdraw], ignoreOrder: true);
    }

    [Test]
    public void Consent_from_every_guardian_sends_the_request_to_the_coordination_meeting()
    {
        var ppv = _s.Consented();

        ppv.State.ShouldBe(PpvState.AwaitingPrioritisation);
        ppv.HasConsent(ConsentScopes.All).ShouldBeTrue();
        ppv.ConsentGivenAt(ConsentScopes.Assessment).ShouldBe(ConsentAt);
        ppv.History[^1].Detail.ShouldEndWith("Alle forældre har nu givet samtykke til vurderingen.");
    }

    [Test]
    public void The_school_leader_may_record_the_consent_both_guardians_gave_on_a_signed_form()
    {
        var ppv = _s.Requested();

        _s.Workflow.RecordConsent(ppv, _s.SchoolLeader, [_s.GuardianAId, _s.GuardianBId], ConsentScopes.Assessment, ConsentAt.AddDays(-1), ConsentAt);

        ppv.State.ShouldBe(PpvState.AwaitingPrioritisation);
        ppv.Consents.Select(c => c.GuardianId).ShouldBe([_s.GuardianAId, _s.GuardianBId]);
        ppv.Consents.ShouldAllBe(c => c.RecordedByRole == Role.DistrictSchoolLeader);
    }

    [Test]
    public void Consent_only_to_sharing_does_not_open_the_assessment()
    {
        var ppv = _s.Requested();

        _s.Workflow.RecordConsent(ppv, _s.SchoolLeader, [_s.GuardianAId, _s.GuardianBId], ConsentScopes.SharingWithSchool, ConsentAt, ConsentAt);

        ppv.State.ShouldBe(PpvState.Requested);
        ppv.HasConsent(ConsentScopes.SharingWithSchool).ShouldBeTrue();
        ppv.HasConsent(ConsentScopes.Assessment).ShouldBeFalse();
    }

    [Test]
    public void A_guardian_consents_only_for_themself()
    {
        var ppv = _s.Requested();

        Should.Throw<InvalidInputException>(() => _s.Workflow.RecordConsent(ppv, _s.GuardianA, [_s.GuardianAId, _s.GuardianBId], ConsentScopes.Assessment, ConsentAt, ConsentAt))
            .Message.ShouldBe("En forælder kan kun give samtykke på egne vegne.");
        Should.Throw<InvalidInputException>(() => _s.Workflow.RecordConsent(ppv, _s.GuardianA, [_s.GuardianBId], ConsentScopes.Assessment, ConsentAt, ConsentAt))
            .Message.ShouldBe("En forælder kan kun give samtykke på egne vegne.");
        ppv.Consents.ShouldBeEmpty();
    }

    [Test]
    public void Consent_from_someone_who_is_not_a_custody_holder_is_refused()
    {
        var ppv = _s.Requested();

        Should.Throw<InvalidInputException>(() => _s.Workflow.RecordConsent(ppv, _s.SchoolLeader, [_s.OtherGuardianId], ConsentScopes.Assessment, ConsentAt, ConsentAt))
            .Message.ShouldBe("Samtykke kan kun gives af barnets forældremyndighedsindehavere.");
    }

    [Test]
    public void Consent_to_nothing_or_given_in_the_future_is_refused()
    {
        var ppv = _s.Requested();

        Should.Throw<InvalidInputException>(() => _s.Workflow.RecordConsent(ppv, _s.GuardianA, [_s.GuardianAId], ConsentScopes.None, ConsentAt, ConsentAt))
            .Field.ShouldBe("scopes");
        Should.Throw<InvalidInputException>(() => _s.Workflow.RecordConsent(ppv, _s.GuardianA, [_s.GuardianAId], (ConsentScopes)64, ConsentAt, ConsentAt))
            .Field.ShouldBe("scopes");
        Should.Throw<InvalidInputException>(() => _s.Workflow.RecordConsent(ppv, _s.GuardianA, [_s.GuardianAId], ConsentScopes.Assessment, ConsentAt.AddMinutes(1), ConsentAt))
            .Message.ShouldBe("Samtykket kan ikke være givet i fremtiden.");
    }

    [Test]
    public void A_guardian_user_not_linked_to_a_custody_holder_of_the_child_has_no_access()
    {
        var ppv = _s.Requested();
        var unlinked = _s.GuardianA with { GuardianId = null };

        Should.Throw<NotPermittedException>(() => _s.Workflow.RecordConsent(ppv, unlinked, [_s.GuardianAId], ConsentScopes.Assessment, ConsentAt, ConsentAt))
            .Message.ShouldBe("Du har ikke adgang til denne PPV-sag.");
    }

    [Test]
    public void Consent_to_sharing_may_be_added_after_the_PPV_is_final()
    {
        var ppv = _s.Requested();
        _s.Workflow.RecordConsent(ppv, _s.SchoolLeader, [_s.GuardianAId, _s.GuardianBId], ConsentScopes.Assessment, ConsentAt, ConsentAt);
        _s.Workflow.Prioritise(ppv, _s.SchoolLeader, PpvPriority.Normal, MeetingDate, PrioritisedAt);
        _s.Workflow.Assign(ppv, _s.Psychologist, _s.Psychologist, 0, null, CurrentRules, AssignedAt);
        _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Observation, "Observation.", ObservedAt, NoteAt);
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Vurdering.", "Anbefalinger.", DraftAt);
        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, HearingSentAt);
        _s.Workflow.Finalise(ppv, _s.Psychologist, null, AfterHearing);
        ppv.HasConsent(ConsentScopes.SharingWithCommittee).ShouldBeFalse();

        _s.Workflow.RecordConsent(ppv, _s.GuardianA, [_s.GuardianAId], ConsentScopes.SharingWithCommittee, AfterHearing.AddDays(1), AfterHearing.AddDays(1));
        _s.Workflow.RecordConsent(ppv, _s.GuardianB, [_s.GuardianBId], ConsentScopes.SharingWithCommittee, AfterHearing.AddDays(2), AfterHearing.AddDays(2));

        ppv.State.ShouldBe(PpvState.Final);
        ppv.HasConsent(ConsentScopes.SharingWithCommittee).ShouldBeTrue();
        ppv.ConsentGivenAt(ConsentScopes.SharingWithCommittee).ShouldBe(AfterHearing.AddDays(2));
    }

    // ---- Gating ----

    [Test]
    public void Before_consent_no_psychologist_may_take_any_step_but_the_parties_may_consent_or_withdraw()
    {
        var ppv = _s.Requested();

        foreach (var psychologist in new[] { _s.Psychologist, _s.Colleague, _s.ServiceLeader })
            _s.Workflow.PermittedActions(ppv, psychologist, ConsentAt).ShouldBe([PpvTrigger.Withdraw]);
        _s.Workflow.PermittedActions(ppv, _s.GuardianA, ConsentAt).ShouldBe([PpvTrigger.RecordConsent, PpvTrigger.Withdraw], ignoreOrder: true);
    }

    private static IEnumerable<TestCaseData> AssessmentSteps() =>
        PpvWorkflow.AssessmentTriggers.Select(t => new TestCaseData(t).SetName($"{t}_before_consent_is_impossible_for_every_psychologist"));

    [TestCaseSource(nameof(AssessmentSteps))]
    public void No_assessment_step_can_be_taken_before_consent(PpvTrigger trigger)
    {
        foreach (var psychologist in new[] { _s.Psychologist, _s.Colleague, _s.ServiceLeader })
        {
            var ppv = _s.Requested();
            var revision = ppv.Revision;

            Should.Throw<DomainException>(() => _s.Perform(trigger, ppv, psychologist));

            ppv.State.ShouldBe(PpvState.Requested);
            ppv.Revision.ShouldBe(revision);
            ppv.Notes.ShouldBeEmpty();
            ppv.Drafts.ShouldBeEmpty();
        }
    }

    [TestCase(PpvTrigger.Prioritise)]
    [TestCase(PpvTrigger.Assign)]
    public void The_service_cannot_prioritise_or_assign_before_consent(PpvTrigger trigger)
    {
        var ppv = _s.Requested();
        _s.Workflow.RecordConsent(ppv, _s.GuardianA, [_s.GuardianAId], ConsentScopes.All, ConsentAt, ConsentAt);

        Should.Throw<WrongStateException>(() => _s.Perform(trigger, ppv, _s.ServiceLeader))
            .Message.ShouldBe($"Du kan ikke {trigger.DanishInfinitive()} nu. PPV-sagen er anmodet og afventer forældrenes samtykke.");
    }

    [Test]
    public void Before_consent_psychologists_see_the_request_and_nothing_more()
    {
        var ppv = _s.Requested();

        foreach (var psychologist in new[] { _s.Psychologist, _s.Colleague, _s.ServiceLeader })
        {
            PpvAccess.CanReadRequest(psychologist, ppv).ShouldBeTrue();
            PpvAccess.CanReadNotes(psychologist, ppv).ShouldBeFalse();
            PpvAccess.CanReadHearingComments(psychologist, ppv).ShouldBeFalse();
        }
        PpvAccess.CanReadRequest(_s.OtherPsychologist, ppv).ShouldBeFalse();
    }

    [Test]
    public void A_note_about_something_before_the_consent_is_refused()
    {
        var ppv = _s.Assigned();

        Should.Throw<InvalidInputException>(() => _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Observation,
                "Observation fra før samtykket.", ConsentAt.AddDays(-1), NoteAt))
            .Message.ShouldBe("Notatet kan ikke handle om noget før forældrenes samtykke til vurderingen (3. september 2026).");
        ppv.Notes.ShouldBeEmpty();
    }

    [Test]
    public void Consent_is_named_as_a_requirement_in_the_diagram()
    {
        _s.Workflow.ToMermaid().ShouldContain(PpvWorkflowV1.ConsentRequired);
    }
}
