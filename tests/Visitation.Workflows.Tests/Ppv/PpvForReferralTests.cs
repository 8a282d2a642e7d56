using Visitation.Workflows.Common;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Ppv.PpvScenario;

namespace Visitation.Workflows.Tests.Ppv;

/// <summary>A referral's PPV part must be a final PPV from this workflow, or an external one marked as such.</summary>
public class PpvForReferralTests
{
    private PpvScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new PpvScenario();

    [Test]
    public void A_final_PPV_of_the_referrals_child_can_be_the_referrals_PPV_part()
    {
        var ppv = _s.Final();

        var version = PpvForReferral.RequireFinal(new PpvReference(ppv.Id, 1), ppv, _s.Child.Id);

        version.ShouldBeSameAs(ppv.LatestFinal);
    }

    [TestCase(PpvState.Requested)]
    [TestCase(PpvState.InAssessment)]
    [TestCase(PpvState.Drafted)]
    [TestCase(PpvState.InHearing)]
    public void A_draft_PPV_cannot_be_used_in_a_referral(PpvState state)
    {
        var ppv = _s.InState(state);

        var ex = Should.Throw<InvalidInputException>(() => PpvForReferral.RequireFinal(new PpvReference(ppv.Id, 1), ppv, _s.Child.Id));

        ex.Field.ShouldBe("ppvReference");
        ex.Message.ShouldBe("En PPV-kladde kan ikke bruges i en henvisning. PPV'en skal først have været i høring hos forældrene og være gjort endelig.");
    }

    [Test]
    public void During_an_update_the_draft_of_version_2_is_refused_and_version_1_still_serves()
    {
        var ppv = _s.Final();
        _s.Workflow.RequestUpdate(ppv, _s.SchoolLeader, "Nye behov.", CurrentRules, UpdateRequestedAt);

        Should.Throw<InvalidInputException>(() => PpvForReferral.RequireFinal(new PpvReference(ppv.Id, 2), ppv, _s.Child.Id))
            .Message.ShouldBe("En PPV-kladde kan ikke bruges i en henvisning. Brug den endelige version 1, eller vent, til den nye version har været i høring hos forældrene og er gjort endelig.");
        PpvForReferral.RequireFinal(new PpvReference(ppv.Id, 1), ppv, _s.Child.Id).Number.ShouldBe(1);
    }

    [Test]
    public void A_version_replaced_by_a_newer_final_one_is_refused()
    {
        var ppv = _s.Final();
        _s.Workflow.RequestUpdate(ppv, _s.SchoolLeader, "Nye behov.", CurrentRules, UpdateRequestedAt);
        _s.Workflow.Prioritise(ppv, _s.SchoolLeader, PpvPriority.Normal, new DateOnly(2027, 3, 8), Times.At(2027, 3, 8, 15));
        _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.Psychologist, 0, null, CurrentRules, Times.At(2027, 3, 10));
        _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Observation, "Observation.", Times.At(2027, 3, 10), Times.At(2027, 3, 10));
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Opdateret.", "Opdateret.", Times.At(2027, 3, 20));
        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, Times.At(2027, 3, 20));
        _s.Workflow.Finalise(ppv, _s.Psychologist, null, Times.At(2027, 4, 10));

        Should.Throw<InvalidInputException>(() => PpvForReferral.RequireFinal(new PpvReference(ppv.Id, 1), ppv, _s.Child.Id))
            .Message.ShouldBe("Version 1 af PPV'en er afløst af version 2. Brug den nyeste endelige version.");
        PpvForReferral.RequireFinal(new PpvReference(ppv.Id, 2), ppv, _s.Child.Id).Number.ShouldBe(2);
    }

    [TestCase(0)]
    [TestCase(3)]
    public void A_version_that_does_not_exist_is_refused(int number)
    {
        var ppv = _s.Final();

        Should.Throw<InvalidInputException>(() => PpvForReferral.RequireFinal(new PpvReference(ppv.Id, number), ppv, _s.Child.Id))
            .Message.ShouldBe($"PPV'en har ingen version {number}.");
    }

    [Test]
    public void A_missing_PPV_or_one_about_another_child_is_refused()
    {
        var ppv = _s.Final();

        Should.Throw<InvalidInputException>(() => PpvForReferral.RequireFinal(new PpvReference(Ids.Of(999), 1), null, _s.Child.Id))
            .Message.ShouldBe("PPV'en findes ikke.");
        Should.Throw<InvalidInputException>(() => PpvForReferral.RequireFinal(new PpvReference(Ids.Of(999), 1), ppv, _s.Child.Id))
            .Message.ShouldBe("PPV'en findes ikke.");
        Should.Throw<InvalidInputException>(() => PpvForReferral.RequireFinal(new PpvReference(ppv.Id, 1), ppv, _s.OtherChild.Id))
            .Message.ShouldBe("PPV'en handler om et andet barn end henvisningen.");
    }

    [Test]
    public void A_final_PPV_the_parents_did_not_consent_to_share_with_the_committee_is_refused()
    {
        var ppv = _s.Requested();
        _s.Workflow.RecordConsent(ppv, _s.SchoolLeader, [_s.GuardianAId, _s.GuardianBId], ConsentScopes.Assessment | ConsentScopes.SharingWithSchool, ConsentAt, ConsentAt);
        _s.Workflow.Prioritise(ppv, _s.SchoolLeader, PpvPriority.Normal, MeetingDate, PrioritisedAt);
        _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.Psychologist, 0, null, CurrentRules, AssignedAt);
        _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Observation, "Observation.", ObservedAt, NoteAt);
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Vurdering.", "Anbefalinger.", DraftAt);
        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, HearingSentAt);
        _s.Workflow.Finalise(ppv, _s.Psychologist, null, AfterHearing);

        Should.Throw<InvalidInputException>(() => PpvForReferral.RequireFinal(new PpvReference(ppv.Id, 1), ppv, _s.Child.Id))
            .Message.ShouldBe("PPV'en kan ikke indgå i henvisningen, fordi forældrene ikke har givet samtykke til, at den deles med visitationsudvalget.");
    }

    [Test]
    public void PPV_references_compare_by_value()
    {
        new PpvReference(Ids.Of(701), 1).ShouldBe(new PpvReference(Ids.Of(701), 1));
        new PpvReference(Ids.Of(701), 1).ShouldNotBe(new PpvReference(Ids.Of(701), 2));
        new PpvReference(Ids.Of(701), 2).ToString().ShouldBe("PPV 00000000-0000-0000-0000-000000000701 version 2");
    }

    // ---- External PPVs ----

    [Test]
    public void An_external_PPV_marked_as_final_with_issuer_and_date_is_accepted()
    {
        var external = PpvForReferral.RequireExternal(" PPR, Nabokommune ", new DateOnly(2026, 5, 1), markedFinal: true, DraftAt);

        external.ShouldBe(new ExternalPpv("PPR, Nabokommune", new DateOnly(2026, 5, 1)));
    }

    [Test]
    public void An_uploaded_PPV_not_marked_as_final_is_refused_as_a_draft()
    {
        Should.Throw<InvalidInputException>(() => PpvForReferral.RequireExternal("PPR, Nabokommune", new DateOnly(2026, 5, 1), markedFinal: false, DraftAt))
            .Message.ShouldBe("En uploadet PPV skal markeres som en endelig PPV fra en ekstern udsteder. En PPV-kladde kan ikke bruges i en henvisning.");
    }

    [Test]
    public void An_external_PPV_without_issuer_or_dated_in_the_future_is_refused()
    {
        Should.Throw<InvalidInputException>(() => PpvForReferral.RequireExternal(" ", new DateOnly(2026, 5, 1), true, DraftAt))
            .Field.ShouldBe("issuer");
        Should.Throw<InvalidInputException>(() => PpvForReferral.RequireExternal("PPR", new DateOnly(2026, 10, 2), true, DraftAt))
            .Message.ShouldBe("PPV'ens dato kan ikke ligge i fremtiden.");
    }

    [Test]
    public void An_external_PPV_without_a_date_is_refused_naming_the_date_field()
    {
        var refusal = Should.Throw<InvalidInputException>(() => PpvForReferral.RequireExternal("PPR, Nabokommune", null, markedFinal: true, DraftAt));

        refusal.Field.ShouldBe("issuedOn");
        refusal.Message.ShouldStartWith("Angiv PPV'ens dato");
    }
}
