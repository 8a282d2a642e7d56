using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Rounds;

public class CommitteeAgendaTests
{
    private RoundFixture _f = null!;

    [SetUp]
    public void SetUp() => _f = new RoundFixture();

    [Test]
    public void The_agenda_lists_track_1_then_2_then_3_and_each_track_by_submission_time()
    {
        var farReaching = _f.Triaged(Track.FarReaching, Times.At(2026, 9, 3));
        var lateSpecial = _f.Triaged(Track.SpecialOffers, Times.At(2026, 9, 15));
        var socio = _f.Triaged(Track.SocioEmotional, Times.At(2026, 9, 4));
        var earlySpecial = _f.Triaged(Track.SpecialOffers, Times.At(2026, 9, 5));

        var agenda = _f.Agenda();

        agenda.Items.Select(i => i.ReferralId).ShouldBe([earlySpecial.Id, lateSpecial.Id, socio.Id, farReaching.Id]);
        agenda.Items.Select(i => i.Number).ShouldBe([1, 2, 3, 4]);
        agenda.Items.Select(i => i.Track).ShouldBe([Track.SpecialOffers, Track.SpecialOffers, Track.SocioEmotional, Track.FarReaching]);
        agenda.OnTrack(Track.SpecialOffers).Count().ShouldBe(2);
        agenda.RoundId.ShouldBe(_f.Round.Id);
        agenda.CommitteeMeetingAt.ShouldBe(AutumnCommitteeMeeting);
    }

    [Test]
    public void Each_case_has_its_current_documents_at_hand()
    {
        var newer = new StoredFileInfo(Ids.Of(990), "PPV-opdateret.pdf", "application/pdf", 4096, new string('b', 64));
        var referral = _f.Triaged(Track.SocioEmotional, Times.At(2026, 9, 3),
            r => _f.Workflow.AttachDocument(r, _f.S.SchoolLeader, ReferralPartType.PPV, newer, Times.At(2026, 9, 2, 15), external: ExternalStatement));

        var item = _f.Agenda().Items.Single();

        referral.Documents.Count.ShouldBe(7);
        item.Parts.Select(p => p.Part).ShouldBe(Enum.GetValues<ReferralPartType>());
        item.Parts.Single(p => p.Part == ReferralPartType.PPV).FileName.ShouldBe("PPV-opdateret.pdf");
        item.Parts.Single(p => p.Part == ReferralPartType.PPV).StoredFileId.ShouldBe(Ids.Of(990));
        item.MissingParts.ShouldBeEmpty();
        item.ChildId.ShouldBe(referral.ChildId);
        item.DistrictSchoolId.ShouldBe(_f.S.SchoolId);
        item.SubmittedAt.ShouldBe(Times.At(2026, 9, 3));
    }

    [Test]
    public void Untriaged_referrals_and_other_rounds_referrals_stay_off_the_agenda()
    {
        var waiting = _f.Assigned(Times.At(2026, 9, 3));
        var triaged = _f.Triaged(Track.SpecialOffers, Times.At(2026, 9, 4));
        var elsewhere = _f.Complete(Times.At(2026, 9, 5));
        _f.Workflow.AssignToRound(elsewhere, _f.S.Committee, _f.S.WinterRound, AssignedAt);

        var agenda = _f.Agenda();

        agenda.Items.Select(i => i.ReferralId).ShouldBe([triaged.Id]);
        agenda.Untriaged.ShouldBe([waiting.Id]);
    }

    [Test]
    public void The_triage_meeting_sorts_the_waiting_referrals_and_puts_the_round_on_the_agenda()
    {
        var a = _f.Assigned(Times.At(2026, 9, 3));
        var b = _f.Assigned(Times.At(2026, 9, 4));
        var alreadyTriaged = _f.Triaged(Track.SocioEmotional, Times.At(2026, 9, 2));

        var agenda = CommitteeAgenda.HoldTriageMeeting(_f.Workflow, _f.S.Committee, _f.Round, _f.Referrals,
            new Dictionary<Guid, Track> { [a.Id] = Track.FarReaching, [b.Id] = Track.SpecialOffers }, AutumnTriageMeeting);

        agenda.Items.Select(i => i.ReferralId).ShouldBe([b.Id, alreadyTriaged.Id, a.Id]);
        agenda.Untriaged.ShouldBeEmpty();
        _f.Referrals.ShouldAllBe(r => r.State == ReferralState.OnAgenda);
        a.Track.ShouldBe(Track.FarReaching);
    }

    [Test]
    public void The_triage_meeting_refuses_when_a_referral_has_no_track_and_changes_nothing()
    {
        var a = _f.Assigned(Times.At(2026, 9, 3));
        var b = _f.Assigned(Times.At(2026, 9, 4));

        var ex = Should.Throw<InvalidInputException>(() => CommitteeAgenda.HoldTriageMeeting(_f.Workflow, _f.S.Committee, _f.Round, _f.Referrals,
            new Dictionary<Guid, Track> { [a.Id] = Track.FarReaching }, AutumnTriageMeeting));

        ex.Field.ShouldBe("tracks");
        ex.Message.ShouldBe("Fordel alle rundens henvisninger på spor 1, 2 eller 3. 1 henvisning(er) mangler et spor.");
        a.State.ShouldBe(ReferralState.AssignedToRound);
        b.State.ShouldBe(ReferralState.AssignedToRound);
    }

    [Test]
    public void Only_the_committee_holds_the_triage_meeting()
    {
        var a = _f.Assigned(Times.At(2026, 9, 3));

        Should.Throw<NotPermittedException>(() => CommitteeAgenda.HoldTriageMeeting(_f.Workflow, _f.S.SchoolLeader, _f.Round, _f.Referrals,
            new Dictionary<Guid, Track> { [a.Id] = Track.SpecialOffers }, AutumnTriageMeeting));

        a.State.ShouldBe(ReferralState.AssignedToRound);
    }

    [Test]
    public void A_closed_round_holds_no_triage_meeting()
    {
        _f.Round.Close();

        Should.Throw<WrongStateException>(() => CommitteeAgenda.HoldTriageMeeting(_f.Workflow, _f.S.Committee, _f.Round, _f.Referrals,
            new Dictionary<Guid, Track>(), AutumnTriageMeeting)).Message.ShouldBe("Runden 'Efterår 2026' er lukket.");
    }
}
