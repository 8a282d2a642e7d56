using Visitation.Workflows.Common;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Decisions;

public class ComplaintReassessmentTests
{
    private static readonly DateTimeOffset DeliveredAt = Times.At(2026, 10, 20, 9);
    private static readonly DateTimeOffset LodgedAt = Times.At(2026, 10, 30, 14);

    private ReferralScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new ReferralScenario();

    private Complaint Lodged()
    {
        var decision = WrittenDecision.Issue(Ids.Of(801), WrittenDecisionKind.ReturnToGeneral, "Referral", Ids.Of(802), Ids.Of(803), _s.Child.Id,
            "Visitationsudvalget", new DateOnly(2026, 10, 15),
            new DecisionContent("Barnet fortsætter i distriktsskolen med støtte.", "Folkeskolelovens § 20, stk. 2.", "Behovene kan mødes i almentilbuddet.",
                ["Handleplan"], ["Støtte fra PPR i klassen"], [], []),
            new DecisionBasis("PPV", HasParentStatement: true, HasConcludedHearing: true, GuardianCount: 1),
            CurrentRules, _s.Committee, Times.At(2026, 10, 16));
        var letter = new Letter(Ids.Of(804), decision, _s.GuardianId, "Forælder Syntetisk", "Afgørelse", Ids.Of(805), new string('c', 64), 2, "1",
            new DateOnly(2026, 10, 16), Times.At(2026, 10, 16), null);
        letter.RecordDelivery("Forældreportalen", DeliveredAt, CurrentRules.Complaints);
        return Complaint.Lodge(Ids.Of(806), letter, _s.Guardian with { GuardianId = _s.GuardianId }, "Vi er uenige.", [], CurrentRules.Complaints, LodgedAt);
    }

    [Test]
    public void The_committee_may_reassess_a_complaint_under_reassessment_and_gets_the_note_back_trimmed()
    {
        Lodged().EnsureCanReassess(_s.Committee, "  Udvalget fastholder afgørelsen.  ").ShouldBe("Udvalget fastholder afgørelsen.");
    }

    [Test]
    public void A_reassessment_by_anyone_but_the_committee_is_refused_before_anything_is_done()
    {
        var complaint = Lodged();
        foreach (var actor in new[] { _s.Guardian, _s.SchoolLeader, _s.OfferLeader, _s.Psychologist, _s.Admin })
            Should.Throw<NotPermittedException>(() => complaint.EnsureCanReassess(actor, "Fastholdes."), actor.DisplayName)
                .Message.ShouldBe("Kun visitationsudvalget kan genvurdere en afgørelse.");
    }

    [Test]
    public void A_complaint_already_reassessed_cannot_be_reassessed_again()
    {
        var complaint = Lodged();
        complaint.Uphold(_s.Committee, "Fastholdes.", Ids.Of(900), null, LodgedAt.AddDays(3));

        Should.Throw<WrongStateException>(() => complaint.EnsureCanReassess(_s.Committee, "Ændres."))
            .Message.ShouldBe("Klagen er allerede genvurderet.");
        Should.Throw<WrongStateException>(() => complaint.ChangeDecision(_s.Committee, "Ændres.", LodgedAt.AddDays(4)));
        complaint.Status.ShouldBe(ComplaintStatus.ForwardedToBoard);
        complaint.ReassessmentNote.ShouldBe("Fastholdes.");
    }

    [Test]
    public void A_reassessment_without_a_note_is_refused_naming_the_note()
    {
        Should.Throw<InvalidInputException>(() => Lodged().EnsureCanReassess(_s.Committee, " ")).Field.ShouldBe("note");
    }

    [Test]
    public void Upholding_keeps_the_bundle_and_the_archive_of_separately_enclosed_documents()
    {
        var complaint = Lodged();

        complaint.Uphold(_s.Committee, "Fastholdes.", Ids.Of(900), Ids.Of(901), LodgedAt.AddDays(3));

        complaint.Status.ShouldBe(ComplaintStatus.ForwardedToBoard);
        complaint.BundleStoredFileId.ShouldBe(Ids.Of(900));
        complaint.BundleArchiveStoredFileId.ShouldBe(Ids.Of(901));
        complaint.ReassessedByName.ShouldBe(_s.Committee.DisplayName);
    }
}
