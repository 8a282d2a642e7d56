using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Deadlines;

namespace Visitation.Api.Tests.Revisitation;

/// <summary>The steps of a revisitation as the people in it take them through the API.</summary>
public static class RevisitationScript
{
    public static readonly object CompleteLetter = new
    {
        rulesApplied = "Folkeskolelovens § 20, stk. 2, og bekendtgørelse om folkeskolens specialundervisning § 7, stk. 1: afgørelsen om specialundervisning tages op mindst én gang om året.",
        ppvDescription = "Pædagogisk-psykologisk vurdering (PPV) fra PPR, opdateret 3. marts 2026",
    };

    /// <summary>The committee enters a placement decided before the system, with the date of its last decision.</summary>
    public static async Task<JsonNode> RegisterAsync(HttpClient committee, Guid childId, Guid offerId, DateOnly lastDecision) =>
        await (await committee.PostJsonAsync("/api/placements", new
        {
            childId,
            offerId,
            startDate = lastDecision.AddDays(14),
            lastDecisionDate = lastDecision,
            goals = new[] { "Barnet deltager i undervisningen i sin stamklasse to dage om ugen." },
        })).JsonAsync(HttpStatusCode.Created);

    public static async Task<Guid> StartAsync(HttpClient offerLeader, Guid placementId)
    {
        var created = await (await offerLeader.PostJsonAsync("/api/revisitations", new { placementId })).JsonAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<Guid>();
    }

    public static object Meeting(DateTimeOffset heldAt, params string[] roles) => new
    {
        heldAt,
        participants = roles.Select(r => new { role = r, name = $"Deltager ({r})" }).ToArray(),
        minutes = "Referat: barnets trivsel og mål er gennemgået. (Syntetiske testdata.)",
    };

    public static async Task<JsonNode> PupilConversationAsync(HttpClient leader, Guid caseId, DateTimeOffset at) =>
        await (await leader.PostJsonAsync($"/api/revisitations/{caseId}/pupil-conversation",
            new { meeting = Meeting(at, "ContactTeacher", "Pupil") })).JsonAsync();

    public static async Task<JsonNode> StatusMeetingAsync(HttpClient leader, Guid caseId, DateTimeOffset at, bool needsChanged = false) =>
        await (await leader.PostJsonAsync($"/api/revisitations/{caseId}/status-meeting", new
        {
            meeting = Meeting(at, "Team", "OfferLeader", "Psychologist"),
            focusPoints = new[] { "Samarbejde i mindre grupper" },
            recommendations = new[] { "Fortsat støtte i dansk og matematik" },
            needsChanged,
        })).JsonAsync();

    public static async Task<JsonNode> SendHandleplanAsync(HttpClient leader, Guid caseId) =>
        await (await leader.PostEmptyAsync($"/api/revisitations/{caseId}/handleplan/send")).JsonAsync();

    public static async Task<JsonNode> AnswerAsync(HttpClient schoolLeader, Guid caseId, string answer = "NoFurtherDiscussion", string? comment = null) =>
        await (await schoolLeader.PostJsonAsync($"/api/revisitations/{caseId}/handleplan/answer", new { answer, comment })).JsonAsync();

    public static async Task<JsonNode> ParentConversationAsync(HttpClient leader, Guid caseId, DateTimeOffset at, bool parentsWantDiscussion = false) =>
        await (await leader.PostJsonAsync($"/api/revisitations/{caseId}/parent-conversation", new
        {
            meeting = Meeting(at, "ContactTeacher", "Pupil", "Guardian"),
            parentsWantDiscussion,
        })).JsonAsync();

    public static async Task<JsonNode> RevisitationMeetingAsync(HttpClient leader, Guid caseId, DateTimeOffset at) =>
        await (await leader.PostJsonAsync($"/api/revisitations/{caseId}/revisitation-meeting",
            new { meeting = Meeting(at, "OfferLeader", "DistrictSchoolLeader", "Psychologist", "Guardian") })).JsonAsync();

    public static async Task<JsonNode> ContinueAsync(HttpClient leader, Guid caseId, bool withLetter = true) =>
        await (await leader.PostJsonAsync($"/api/revisitations/{caseId}/decision", new
        {
            outcome = "Continue",
            reasons = "Barnet trives og når sine mål i tilbuddet; alle er enige om at fortsætte.",
            letter = withLetter ? CompleteLetter : null,
        })).JsonAsync();

    public static DateOnly DateOf(JsonNode? node) =>
        DateOnly.Parse(node!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Codes(JsonNode? list) =>
        list!.AsArray().Select(a => a!["code"]!.GetValue<string>()).ToList();

    /// <summary>Wakes every scheduled deadline of <paramref name="kind"/> for <paramref name="subjectId"/>, as Hangfire would, <paramref name="times"/> times.</summary>
    public static async Task<List<Guid>> FireAsync(VisitationApp app, Guid subjectId, DeadlineKind kind, int times = 1)
    {
        var ids = await app.WithDbAsync(db => db.Deadlines.AsNoTracking()
            .Where(d => d.SubjectId == subjectId && d.Kind == kind && d.Status == DeadlineStatus.Scheduled).Select(d => d.Id).ToListAsync());
        for (var i = 0; i < times; i++)
        {
            foreach (var id in ids)
            {
                using var scope = app.Services.CreateScope();
                await scope.ServiceProvider.GetRequiredService<DeadlineJob>().FireAsync(id, CancellationToken.None);
            }
        }
        return ids;
    }

    public static async Task<JsonArray> WaitForLettersAsync(HttpClient client, Guid childId, int expected)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        JsonArray letters = [];
        while (DateTime.UtcNow < until)
        {
            letters = (await (await client.GetAsync($"/api/children/{childId}/letters")).JsonAsync()).AsArray();
            if (letters.Count >= expected && letters.All(l => l!["deliveredAt"] is not null)) return letters;
            await Task.Delay(250);
        }
        Assert.Fail($"Expected {expected} delivered letters, found {letters.ToJsonString()}");
        return letters;
    }
}
