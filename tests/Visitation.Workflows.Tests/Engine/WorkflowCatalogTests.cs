using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Tests.Referrals;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Engine;

public class WorkflowCatalogTests
{
    private sealed record FakeDefinition(string Key, int Version, bool IsPublished = true, string Title = "Test") : IWorkflowDefinition
    {
        public string ToMermaid() => "stateDiagram-v2";
    }

    [Test]
    public void Latest_is_the_highest_published_version_whatever_the_registration_order()
    {
        var catalog = new WorkflowCatalog([new LaxSubmissionReferralWorkflowV2(), new UnpublishedReferralWorkflowV3(), new ReferralWorkflowV1()]);

        catalog.Latest<ReferralWorkflow>(ReferralWorkflow.DefinitionKey).Version.ShouldBe(2);
    }

    [Test]
    public void An_unpublished_version_does_not_start_new_cases()
    {
        var catalog = new WorkflowCatalog([new ReferralWorkflowV1(), new UnpublishedReferralWorkflowV3()]);
        var s = new ReferralScenario();

        var referral = catalog.Latest<ReferralWorkflow>("referral").Start(Ids.Of(601), s.Child, s.SchoolLeader, CurrentRules, StartedAt);

        referral.WorkflowVersion.ShouldBe(1);
    }

    [Test]
    public void A_key_with_only_unpublished_versions_has_no_latest()
    {
        var catalog = new WorkflowCatalog([new UnpublishedReferralWorkflowV3()]);

        Should.Throw<InvalidOperationException>(() => catalog.Latest<ReferralWorkflow>("referral"))
            .Message.ShouldBe("No published version of workflow 'referral'.");
    }

    [Test]
    public void Get_returns_the_exact_version_even_when_it_is_not_the_latest_or_not_published()
    {
        var v1 = new ReferralWorkflowV1();
        var v2 = new LaxSubmissionReferralWorkflowV2();
        var v3 = new UnpublishedReferralWorkflowV3();
        var catalog = new WorkflowCatalog([v1, v2, v3]);

        catalog.Get<ReferralWorkflow>("referral", 1).ShouldBeSameAs(v1);
        catalog.Get<ReferralWorkflow>("referral", 2).ShouldBeSameAs(v2);
        catalog.Get<ReferralWorkflow>("referral", 3).ShouldBeSameAs(v3);
    }

    [Test]
    public void Get_of_an_unregistered_version_is_refused()
    {
        var catalog = new WorkflowCatalog([new ReferralWorkflowV1()]);

        Should.Throw<InvalidOperationException>(() => catalog.Get<ReferralWorkflow>("referral", 7))
            .Message.ShouldBe("Workflow 'referral' version 7 is not registered; a case on it cannot run.");
        catalog.Find("referral", 7).ShouldBeNull();
        catalog.Find("referral", 1).ShouldNotBeNull();
    }

    [Test]
    public void Registering_the_same_key_and_version_twice_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => new WorkflowCatalog([new ReferralWorkflowV1(), new ReferralWorkflowV1()]))
            .Message.ShouldBe("Workflow 'referral' version 1 is registered twice.");
    }

    [Test]
    public void The_same_version_number_under_different_keys_is_allowed()
    {
        var catalog = new WorkflowCatalog([new ReferralWorkflowV1(), new FakeDefinition("revisitation", 1)]);

        catalog.Keys.ShouldBe(["referral", "revisitation"], ignoreOrder: true);
        catalog.All.Count.ShouldBe(2);
    }

    [Test]
    public void Latest_only_looks_at_its_own_key_and_type()
    {
        var catalog = new WorkflowCatalog([new ReferralWorkflowV1(), new FakeDefinition("referral-other", 9), new FakeDefinition("referral", 5)]);

        // A definition under the key that is not a ReferralWorkflow cannot run referrals.
        catalog.Latest<ReferralWorkflow>("referral").Version.ShouldBe(1);
        catalog.Latest<IWorkflowDefinition>("referral").Version.ShouldBe(5);
        catalog.Latest<IWorkflowDefinition>("referral-other").Version.ShouldBe(9);
    }

    [Test]
    public void Versions_lists_every_version_of_a_key_and_marks_only_the_latest_published()
    {
        var catalog = new WorkflowCatalog([new UnpublishedReferralWorkflowV3(), new ReferralWorkflowV1(), new LaxSubmissionReferralWorkflowV2(), new FakeDefinition("revisitation", 1)]);

        catalog.Versions("referral").Select(v => (v.Version, v.IsPublished, v.IsLatest)).ShouldBe([
            (1, true, false),
            (2, true, true),
            (3, false, false),
        ]);
        catalog.Versions("referral").ShouldAllBe(v => v.Key == "referral");
        catalog.Versions("referral")[2].Title.ShouldBe("Henvisning (udkast)");
        catalog.Versions("unknown").ShouldBeEmpty();
    }

    [Test]
    public void A_referral_started_on_v1_keeps_running_on_v1_after_v2_is_registered_while_new_ones_start_on_v2()
    {
        var s = new ReferralScenario();
        var before = new WorkflowCatalog([new ReferralWorkflowV1()]);
        var old = before.Latest<ReferralWorkflow>("referral").Start(Ids.Of(601), s.Child, s.SchoolLeader, CurrentRules, StartedAt);
        before.Latest<ReferralWorkflow>("referral").AttachDocument(old, s.SchoolLeader, ReferralPartType.SignedReferralForm,
            File(ReferralPartType.SignedReferralForm), StartedAt);

        var after = new WorkflowCatalog([new ReferralWorkflowV1(), new LaxSubmissionReferralWorkflowV2()]);
        var fresh = after.Latest<ReferralWorkflow>("referral").Start(Ids.Of(602), s.Child, s.SchoolLeader, CurrentRules, StartedAt);
        after.Latest<ReferralWorkflow>("referral").AttachDocument(fresh, s.SchoolLeader, ReferralPartType.SignedReferralForm,
            File(ReferralPartType.SignedReferralForm), StartedAt);

        var oldWorkflow = after.Get<ReferralWorkflow>(old.WorkflowKey, old.WorkflowVersion);
        var freshWorkflow = after.Get<ReferralWorkflow>(fresh.WorkflowKey, fresh.WorkflowVersion);
        oldWorkflow.Submit(old, s.SchoolLeader, CurrentRules, SubmittedAt);
        freshWorkflow.Submit(fresh, s.SchoolLeader, CurrentRules, SubmittedAt);

        old.WorkflowVersion.ShouldBe(1);
        oldWorkflow.ShouldBeOfType<ReferralWorkflowV1>();
        old.State.ShouldBe(ReferralState.Incomplete);
        fresh.WorkflowVersion.ShouldBe(2);
        freshWorkflow.ShouldBeOfType<LaxSubmissionReferralWorkflowV2>();
        fresh.State.ShouldBe(ReferralState.Complete);
    }

    [Test]
    public void Each_referral_workflow_version_has_the_shared_key_and_a_title()
    {
        foreach (var workflow in new ReferralWorkflow[] { new ReferralWorkflowV1(), new LaxSubmissionReferralWorkflowV2(), new UnpublishedReferralWorkflowV3() })
        {
            workflow.Key.ShouldBe("referral");
            workflow.Title.ShouldNotBeNullOrWhiteSpace();
        }
        new ReferralWorkflowV1().IsPublished.ShouldBeTrue();
        new ReferralWorkflowV1().Title.ShouldBe("Henvisning til visitationsudvalget");
    }

    [Test]
    public void A_workflow_version_refuses_to_run_a_referral_started_on_another_version()
    {
        var s = new ReferralScenario(new LaxSubmissionReferralWorkflowV2());
        var onV2 = s.Draft(ReferralPartType.SignedReferralForm);
        var revision = onV2.Revision;

        var ex = Should.Throw<InvalidOperationException>(() => new ReferralWorkflowV1().Submit(onV2, s.SchoolLeader, CurrentRules, SubmittedAt));

        ex.Message.ShouldContain("version 2, not version 1");
        onV2.State.ShouldBe(ReferralState.Draft);
        onV2.Revision.ShouldBe(revision);
    }
}
