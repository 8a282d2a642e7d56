using System.Net;

namespace Visitation.Api.Tests.Support;

/// <summary>Brings a referral for ChildA (school A) to a state through the API, as the demo users would.</summary>
public static class ReferralScenario
{
    public static async Task<Guid> OnAgendaAsync(VisitationApp app, TestMunicipality town)
    {
        var school = await app.ClientForAsync(town.LeaderA.Id);
        var committee = await app.ClientForAsync(town.Committee.Id);
        var created = await (await school.PostJsonAsync("/api/referrals", new { childId = town.ChildA.Id })).JsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        foreach (var part in Http.AllParts) (await school.UploadAsync(id, part)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await school.PostEmptyAsync($"/api/referrals/{id}/submit")).JsonAsync();
        await (await committee.PostJsonAsync($"/api/referrals/{id}/round", new { roundId = town.OpenRound.Id })).JsonAsync();
        await (await committee.PostJsonAsync($"/api/referrals/{id}/triage", new { track = 1 })).JsonAsync();
        await (await committee.PostEmptyAsync($"/api/referrals/{id}/agenda")).JsonAsync();
        return id;
    }
}
