using Visitation.Workflows.Access;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Ppv.PpvScenario;

namespace Visitation.Workflows.Tests.Ppv;

/// <summary>
/// Who reads what of a PPV. The expectations are written out here, not read from <see cref="PpvAccess"/>,
/// so a change of the rules fails a test on purpose.
/// </summary>
public class PpvAccessTests
{
    private PpvScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new PpvScenario();

    private static IEnumerable<TestCaseData> RequestReaders()
    {
        var cases = new (string Who, bool Expected)[]
        {
            ("SchoolLeader", true), ("OtherSchoolLeader", false), ("GuardianA", true), ("GuardianB", true), ("OtherGuardian", false),
            ("Psychologist", true), ("Colleague", true), ("ServiceLeader", true), ("OtherPsychologist", false),
            ("Committee", false), ("OfferLeader", false), ("Admin", false),
        };
        foreach (var (who, expected) in cases)
            yield return new TestCaseData(who, expected).SetName($"{who}_{(expected ? "sees" : "does_not_see")}_the_request");
    }

    private Actor Named(string who) => (Actor)typeof(PpvScenario).GetProperty(who)!.GetValue(_s)!;

    [TestCaseSource(nameof(RequestReaders))]
    public void The_request_is_visible_to_the_parties_and_the_service_serving_the_school(string who, bool expected)
    {
        PpvAccess.CanReadRequest(Named(who), _s.Requested()).ShouldBe(expected);
    }

    [Test]
    public void A_psychologist_from_another_school_sees_a_request_once_it_is_assigned_to_them()
    {
        var ppv = _s.Prioritised();
        _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.OtherPsychologist, 0, null, CurrentRules, AssignedAt);

        PpvAccess.CanReadRequest(_s.OtherPsychologist, ppv).ShouldBeTrue();
        PpvAccess.CanReadNotes(_s.OtherPsychologist, ppv).ShouldBeTrue();
    }

    private static IEnumerable<TestCaseData> NoteReaders()
    {
        foreach (var who in new[] { "Colleague", "ServiceLeader", "OtherPsychologist", "SchoolLeader", "GuardianA", "Committee", "OfferLeader", "Admin" })
            yield return new TestCaseData(who).SetName($"{who}_does_not_read_assessment_notes");
    }

    [TestCaseSource(nameof(NoteReaders))]
    public void Only_the_assigned_psychologist_reads_the_assessment_notes(string who)
    {
        var ppv = _s.InAssessment();

        PpvAccess.CanReadNotes(_s.Psychologist, ppv).ShouldBeTrue();
        PpvAccess.CanReadNotes(Named(who), ppv).ShouldBeFalse();
    }

    [Test]
    public void Drafts_are_read_by_the_assigned_psychologist_and_during_the_hearing_by_the_guardians()
    {
        var ppv = _s.InHearing();

        PpvAccess.ReadableDrafts(_s.Psychologist, ppv).ShouldHaveSingleItem();
        PpvAccess.ReadableDrafts(_s.GuardianA, ppv).ShouldHaveSingleItem();
        foreach (var who in new[] { _s.Colleague, _s.ServiceLeader, _s.SchoolLeader, _s.Committee, _s.OfferLeader, _s.Admin, _s.OtherGuardian })
            PpvAccess.ReadableDrafts(who, ppv).ShouldBeEmpty(who.DisplayName);
    }

    [Test]
    public void Guardians_see_only_the_draft_in_hearing_not_earlier_drafts()
    {
        var ppv = _s.Drafted();
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Andet udkast.", "Andre anbefalinger.", DraftAt.AddDays(1));
        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, HearingSentAt);

        PpvAccess.ReadableDrafts(_s.GuardianA, ppv).ShouldHaveSingleItem().Number.ShouldBe(2);
        PpvAccess.ReadableDrafts(_s.Psychologist, ppv).Count.ShouldBe(2);
    }

    [Test]
    public void Hearing_comments_are_read_by_the_guardians_and_the_assigned_psychologist()
    {
        var ppv = _s.InHearing();

        PpvAccess.CanReadHearingComments(_s.GuardianA, ppv).ShouldBeTrue();
        PpvAccess.CanReadHearingComments(_s.GuardianB, ppv).ShouldBeTrue();
        PpvAccess.CanReadHearingComments(_s.Psychologist, ppv).ShouldBeTrue();
        PpvAccess.CanReadHearingComments(_s.Colleague, ppv).ShouldBeFalse();
        PpvAccess.CanReadHearingComments(_s.SchoolLeader, ppv).ShouldBeFalse();
        PpvAccess.CanReadHearingComments(_s.Admin, ppv).ShouldBeFalse();
    }

    [Test]
    public void Finals_are_read_by_the_guardians_the_assigned_psychologist_and_the_childs_school_leader()
    {
        var ppv = _s.Final();
        var v1 = ppv.LatestFinal!;

        PpvAccess.CanReadFinal(_s.GuardianA, ppv, v1).ShouldBeTrue();
        PpvAccess.CanReadFinal(_s.Psychologist, ppv, v1).ShouldBeTrue();
        PpvAccess.CanReadFinal(_s.SchoolLeader, ppv, v1).ShouldBeTrue();
        PpvAccess.CanReadFinal(_s.OtherSchoolLeader, ppv, v1).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.OtherGuardian, ppv, v1).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.Colleague, ppv, v1).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.ServiceLeader, ppv, v1).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.OfferLeader, ppv, v1).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.Admin, ppv, v1).ShouldBeFalse();
    }

    [Test]
    public void The_school_leader_reads_finals_only_with_consent_to_share_with_the_school()
    {
        var ppv = _s.Requested();
        _s.Workflow.RecordConsent(ppv, _s.SchoolLeader, [_s.GuardianAId, _s.GuardianBId], ConsentScopes.Assessment | ConsentScopes.SharingWithCommittee, ConsentAt, ConsentAt);
        _s.Workflow.Prioritise(ppv, _s.SchoolLeader, PpvPriority.Normal, MeetingDate, PrioritisedAt);
        _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.Psychologist, 0, null, CurrentRules, AssignedAt);
        _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Observation, "Observation.", ObservedAt, NoteAt);
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Vurdering.", "Anbefalinger.", DraftAt);
        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, HearingSentAt);
        _s.Workflow.Finalise(ppv, _s.Psychologist, null, AfterHearing);

        PpvAccess.CanReadFinal(_s.SchoolLeader, ppv, ppv.LatestFinal!).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.GuardianA, ppv, ppv.LatestFinal!).ShouldBeTrue();
    }

    [Test]
    public void Committee_members_read_a_final_only_when_it_is_attached_to_a_referral_on_their_agenda()
    {
        var ppv = _s.Final();
        var v1 = ppv.LatestFinal!;

        PpvAccess.CanReadFinal(_s.Committee, ppv, v1).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.Committee, ppv, v1, new HashSet<PpvReference>()).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.Committee, ppv, v1, new HashSet<PpvReference> { new(ppv.Id, 2) }).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.Committee, ppv, v1, new HashSet<PpvReference> { new(ppv.Id, 1) }).ShouldBeTrue();
        PpvAccess.ReadableFinals(_s.Committee, ppv, new HashSet<PpvReference> { v1.Reference }).ShouldHaveSingleItem();
        // The agenda opens finals to the committee, and to nobody else.
        PpvAccess.CanReadFinal(_s.Admin, ppv, v1, new HashSet<PpvReference> { v1.Reference }).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.OtherSchoolLeader, ppv, v1, new HashSet<PpvReference> { v1.Reference }).ShouldBeFalse();
    }

    [Test]
    public void Committee_members_do_not_read_a_final_the_parents_did_not_consent_to_share_with_the_committee()
    {
        var ppv = _s.Requested();
        _s.Workflow.RecordConsent(ppv, _s.SchoolLeader, [_s.GuardianAId, _s.GuardianBId], ConsentScopes.Assessment, ConsentAt, ConsentAt);
        _s.Workflow.Prioritise(ppv, _s.SchoolLeader, PpvPriority.Normal, MeetingDate, PrioritisedAt);
        _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.Psychologist, 0, null, CurrentRules, AssignedAt);
        _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Observation, "Observation.", ObservedAt, NoteAt);
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Vurdering.", "Anbefalinger.", DraftAt);
        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, HearingSentAt);
        _s.Workflow.Finalise(ppv, _s.Psychologist, null, AfterHearing);
        var v1 = ppv.LatestFinal!;

        PpvAccess.CanReadFinal(_s.Committee, ppv, v1, new HashSet<PpvReference> { v1.Reference }).ShouldBeFalse();
    }

    [Test]
    public void A_version_of_another_case_is_never_readable_through_this_case()
    {
        var ppv = _s.Final();
        var other = new PpvScenario().Final();
        typeof(PpvVersion).GetProperty(nameof(PpvVersion.PpvCaseId))!.SetValue(other.LatestFinal!, Ids.Of(702));

        PpvAccess.CanReadFinal(_s.GuardianA, ppv, other.LatestFinal!).ShouldBeFalse();
    }

    [Test]
    public void The_administrator_reads_nothing_of_a_PPV()
    {
        var ppv = _s.Final();

        PpvAccess.CanReadRequest(_s.Admin, ppv).ShouldBeFalse();
        PpvAccess.CanReadNotes(_s.Admin, ppv).ShouldBeFalse();
        PpvAccess.CanReadHearingComments(_s.Admin, ppv).ShouldBeFalse();
        PpvAccess.ReadableDrafts(_s.Admin, ppv).ShouldBeEmpty();
        PpvAccess.ReadableFinals(_s.Admin, ppv).ShouldBeEmpty();
    }
}
