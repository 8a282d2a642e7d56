using System.Reflection;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Ppv.PpvScenario;

namespace Visitation.Workflows.Tests.Ppv;

/// <summary>Final PPVs are immutable versions; an update is a new version that names the one it replaces.</summary>
public class PpvVersionChainTests
{
    private static readonly DateTimeOffset UpdateAssignedAt = Times.At(2027, 3, 10);
    private static readonly DateTimeOffset UpdateDraftAt = Times.At(2027, 3, 20);
    private static readonly DateTimeOffset UpdateHearingAt = Times.At(2027, 3, 22);
    private static readonly DateTimeOffset UpdateFinalAt = Times.At(2027, 4, 10);

    private PpvScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new PpvScenario();

    private PpvCase Updated(PpvCase ppv)
    {
        // A revisitation's status meeting asks for the update through the psychologist taking part in it.
        _s.Workflow.RequestUpdate(ppv, _s.Psychologist, "Statusmødet peger på nye behov i overgangen til 4. klasse.", CurrentRules, UpdateRequestedAt);
        _s.Workflow.Prioritise(ppv, _s.SchoolLeader, PpvPriority.Normal, new DateOnly(2027, 3, 8), Times.At(2027, 3, 8, 15));
        _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.Psychologist, 1, null, CurrentRules, UpdateAssignedAt);
        _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.ConversationWithParents, "Forældresamtale om overgangen.", UpdateAssignedAt.AddDays(2), UpdateAssignedAt.AddDays(2));
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Opdateret vurdering.", "Opdaterede anbefalinger.", UpdateDraftAt);
        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, UpdateHearingAt);
        _s.Workflow.Finalise(ppv, _s.Psychologist, null, UpdateFinalAt);
        return ppv;
    }

    [Test]
    public void The_first_final_version_has_number_1_no_predecessor_and_an_intact_hash()
    {
        var ppv = _s.Final();

        var v1 = ppv.Versions.ShouldHaveSingleItem();
        v1.Number.ShouldBe(1);
        v1.PpvCaseId.ShouldBe(ppv.Id);
        v1.ChildId.ShouldBe(_s.Child.Id);
        v1.PreviousNumber.ShouldBeNull();
        v1.PreviousContentHash.ShouldBeNull();
        v1.RuleSetVersion.ShouldBe("2026.1");
        v1.ContentHash.Length.ShouldBe(64);
        v1.ContentHash.ShouldBe(v1.ContentHash.ToLowerInvariant());
        v1.IsIntact.ShouldBeTrue();
    }

    [Test]
    public void An_update_goes_through_assessment_draft_and_hearing_again_and_v2_references_v1()
    {
        var ppv = _s.Final();
        var v1 = ppv.LatestFinal!;
        var v1Hash = v1.ContentHash;
        var v1Text = v1.Text;

        Updated(ppv);

        ppv.State.ShouldBe(PpvState.Final);
        ppv.Versions.Select(v => v.Number).ShouldBe([1, 2]);
        var v2 = ppv.LatestFinal!;
        v2.PreviousNumber.ShouldBe(1);
        v2.PreviousContentHash.ShouldBe(v1Hash);
        v2.Text.ShouldBe("Opdateret vurdering.");
        v2.IsIntact.ShouldBeTrue();
        v2.ContentHash.ShouldNotBe(v1Hash);
        ppv.Versions[0].ShouldBeSameAs(v1);
        v1.ContentHash.ShouldBe(v1Hash);
        v1.Text.ShouldBe(v1Text);
        v1.IsIntact.ShouldBeTrue();
        ppv.Requests.Select(r => r.ForVersion).ShouldBe([1, 2]);
        ppv.Requests[1].IsUpdate.ShouldBeTrue();
        ppv.Hearings.Count.ShouldBe(2);
        ppv.History[^1].Detail.ShouldBe("PPV version 2 er endelig og afløser version 1.");
    }

    [Test]
    public void Requesting_an_update_starts_a_new_cycle_with_its_own_target_and_waits_for_the_coordination_meeting()
    {
        var ppv = _s.Final();
        ppv.ClearDeadlineChanges();

        _s.Workflow.RequestUpdate(ppv, _s.Psychologist, "Statusmødet ønsker en opdatering.", CurrentRules, UpdateRequestedAt);

        ppv.State.ShouldBe(PpvState.AwaitingPrioritisation);
        ppv.CurrentRequest.ForVersion.ShouldBe(2);
        ppv.CurrentRequest.Priority.ShouldBeNull();
        ppv.CurrentRequest.TargetAt.ShouldBe(UpdateRequestedAt.AddDays(90));
        ppv.CurrentDraft.ShouldBeNull();
        ppv.NotesOf(ppv.CurrentRequest).ShouldBeEmpty();
        ppv.DeadlineChanges.ShouldBe([
            new ScheduleDeadline(DeadlineKind.PpvTargetReminder, ppv.Id, UpdateRequestedAt.AddDays(90 - 14)),
            new ScheduleDeadline(DeadlineKind.PpvTargetEscalation, ppv.Id, UpdateRequestedAt.AddDays(91)),
        ]);
        ppv.History[^1].Detail.ShouldBe("Opdatering anmodet (bliver version 2); målet er en endelig PPV senest 30. maj 2027.");
        // The last final version stays in force while the update is worked on.
        ppv.LatestFinal!.Number.ShouldBe(1);
    }

    [Test]
    public void An_update_cannot_be_finalised_without_a_new_hearing()
    {
        var ppv = _s.Final();
        _s.Workflow.RequestUpdate(ppv, _s.SchoolLeader, "Nye behov.", CurrentRules, UpdateRequestedAt);
        _s.Workflow.Prioritise(ppv, _s.SchoolLeader, PpvPriority.Normal, new DateOnly(2027, 3, 8), Times.At(2027, 3, 8, 15));
        _s.Workflow.Assign(ppv, _s.ServiceLeader, _s.Psychologist, 0, null, CurrentRules, UpdateAssignedAt);
        _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Observation, "Observation.", UpdateAssignedAt, UpdateAssignedAt);
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Opdateret vurdering.", "Opdaterede anbefalinger.", UpdateDraftAt);

        Should.Throw<WrongStateException>(() => _s.Workflow.Finalise(ppv, _s.Psychologist, null, UpdateFinalAt))
            .Message.ShouldBe("Du kan ikke gøre PPV'en endelig nu. PPV-sagen er i udkast (ikke sendt i høring).");
        ppv.Versions.Count.ShouldBe(1);
    }

    [Test]
    public void Withdrawing_an_update_leaves_the_latest_final_version_in_force()
    {
        var ppv = _s.Final();
        _s.Workflow.RequestUpdate(ppv, _s.SchoolLeader, "Nye behov.", CurrentRules, UpdateRequestedAt);
        ppv.ClearDeadlineChanges();

        _s.Workflow.Withdraw(ppv, _s.SchoolLeader, "Behovet er alligevel uændret.", UpdateRequestedAt.AddDays(3));

        ppv.State.ShouldBe(PpvState.Final);
        ppv.WithdrawalReason.ShouldBeNull();
        ppv.CurrentRequest.WithdrawalReason.ShouldBe("Behovet er alligevel uændret.");
        ppv.LatestFinal!.Number.ShouldBe(1);
        ppv.History[^1].To.ShouldBe(PpvState.Final);
        ppv.History[^1].Detail.ShouldBe("Opdateringen er trukket tilbage: Behovet er alligevel uændret. Version 1 gælder fortsat.");
        ppv.DeadlineChanges.OfType<CancelDeadlines>().Select(c => c.Kind).ShouldBe(PpvDeadlines.Kinds, ignoreOrder: true);
        _s.Workflow.PermittedActions(ppv, _s.SchoolLeader, UpdateRequestedAt.AddDays(4)).ShouldContain(PpvTrigger.RequestUpdate);
    }

    [Test]
    public void A_final_version_cannot_be_redrafted_or_reheard()
    {
        var ppv = _s.Final();

        foreach (var trigger in new[] { PpvTrigger.RecordNote, PpvTrigger.WriteDraft, PpvTrigger.SendToHearing, PpvTrigger.ReopenDraft, PpvTrigger.Finalise })
            Should.Throw<WrongStateException>(() => _s.Perform(trigger, ppv, _s.Psychologist), trigger.ToString())
                .Message.ShouldEndWith("PPV-sagen er endelig.");
        ppv.Versions.ShouldHaveSingleItem();
    }

    [Test]
    public void A_final_version_offers_no_way_to_change_it()
    {
        var type = typeof(PpvVersion);

        type.GetProperties().Where(p => p.SetMethod is { IsPublic: true }).ShouldBeEmpty();
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName)
            .ShouldBeEmpty();
        type.GetConstructors().ShouldBeEmpty();
    }

    [Test]
    public void Changing_a_stored_version_shows_in_its_hash()
    {
        var ppv = _s.Final();
        var v1 = ppv.LatestFinal!;

        typeof(PpvVersion).GetProperty(nameof(PpvVersion.Text))!.SetValue(v1, "Ændret efterfølgende.");

        v1.IsIntact.ShouldBeFalse();
    }
}
