using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;

namespace Visitation.Api.Tests.Workflows;

/// <summary>A second version of the referral workflow, as a municipality might publish: every decision needs a recorded partshøring.</summary>
public sealed class ReferralWorkflowRequiringHearing : ReferralWorkflowV1
{
    public override int Version => 2;

    protected override bool HasBasisForDecision(Referral referral) => base.HasBasisForDecision(referral) && referral.Hearings.Count > 0;

    protected override string DecisionBasisRequirement => "Forældrene skal være partshørt, før der træffes afgørelse.";
}

[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class WorkflowVersioningTests(Db db)
{
    [Test]
    public async Task Running_case_stays_on_version_1_after_version_2_is_published_while_a_new_case_starts_on_version_2()
    {
        using var database = TestDatabase.Create(db);
        Guid oldCase;
        TestMunicipality town;
        await using (var v1 = new VisitationApp(database))
        {
            town = await TestMunicipality.CreateAsync(v1);
            oldCase = await ReferralOnAgendaAsync(v1, town, town.LeaderA.Id, town.ChildA.Id);
        }

        await using var v2 = new VisitationApp(database, services: s => s.AddSingleton<IWorkflowDefinition, ReferralWorkflowRequiringHearing>());
        var committee = await v2.ClientForAsync(town.Committee.Id);
        var versions = (await (await committee.GetAsync("/api/workflows/referral/versions")).JsonAsync()).AsArray();
        versions.Select(v => (v!["version"]!.GetValue<int>(), v["isLatest"]!.GetValue<bool>())).ShouldBe([(1, false), (2, true)]);

        var newCase = await ReferralOnAgendaAsync(v2, town, town.LeaderB.Id, town.ChildB.Id);
        var oldDetails = await (await committee.GetAsync($"/api/referrals/{oldCase}")).JsonAsync();
        var newDetails = await (await committee.GetAsync($"/api/referrals/{newCase}")).JsonAsync();
        oldDetails["workflowVersion"]!.GetValue<int>().ShouldBe(1);
        newDetails["workflowVersion"]!.GetValue<int>().ShouldBe(2);

        var decision = new
        {
            outcome = "ReturnToGeneral",
            recommendations = "Støtte fra TCBU og kompetencecenter i klassen.",
            reasons = "Barnets behov kan imødekommes i almentilbuddet med støtte.",
        };
        // Version 1 decides on the parents' statement; version 2 insists on a hearing first.
        (await committee.PostJsonAsync($"/api/referrals/{oldCase}/decision", decision)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await (await committee.PostJsonAsync($"/api/referrals/{newCase}/decision", decision)).ProblemAsync(HttpStatusCode.Conflict);
        refused["detail"]!.GetValue<string>().ShouldContain("partshørt");
        newDetails["permittedActions"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()).ShouldNotContain("DecideReturnToGeneral");
    }

    private static async Task<Guid> ReferralOnAgendaAsync(VisitationApp app, TestMunicipality town, Guid leaderId, Guid childId)
    {
        var school = await app.ClientForAsync(leaderId);
        var committee = await app.ClientForAsync(town.Committee.Id);
        var created = await (await school.PostJsonAsync("/api/referrals", new { childId })).JsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        foreach (var part in Http.AllParts) (await school.UploadAsync(id, part)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await school.PostEmptyAsync($"/api/referrals/{id}/submit")).JsonAsync();
        await (await committee.PostJsonAsync($"/api/referrals/{id}/round", new { roundId = town.OpenRound.Id })).JsonAsync();
        await (await committee.PostJsonAsync($"/api/referrals/{id}/triage", new { track = 2 })).JsonAsync();
        await (await committee.PostEmptyAsync($"/api/referrals/{id}/agenda")).JsonAsync();
        return id;
    }
}
