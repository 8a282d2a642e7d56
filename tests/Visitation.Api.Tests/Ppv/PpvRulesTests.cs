using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Tests.Ppv;

/// <summary>The PPV's rules as the API enforces them: consent, capacity, hearing deadline, versions, referral link, scope.</summary>
[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class PpvRulesTests(Db db)
{
    private readonly MovableClock _clock = new();
    private TestDatabase _database = null!;
    private VisitationApp _app = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        _database = TestDatabase.Create(db);
        _app = new VisitationApp(_database, services: s => s.AddSingleton<TimeProvider>(_clock));
    }

    [TearDown]
    public void ResetClock() => _clock.Offset = TimeSpan.Zero;

    [OneTimeTearDown]
    public void StopApp()
    {
        _app.Dispose();
        _database.Dispose();
    }

    [Test]
    public async Task Psychologist_sees_only_the_request_and_nothing_moves_until_every_guardian_has_consented()
    {
        var town = await _app.TownAsync();
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var psychologist = await _app.ClientForAsync(town.PsychologistA.Id);
        var parent = await _app.ClientForAsync(town.ParentA.Id);
        var created = await (await school.PostJsonAsync("/api/ppv", new { childId = town.ChildA.Id, reason = "Vurdering af læsevanskeligheder." }))
            .JsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();

        // A parent consents for themself only.
        await (await parent.PostJsonAsync($"/api/ppv/{id}/consent", new { guardianIds = new[] { town.GuardianA2.Id }, scopes = new[] { "All" } }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "guardianIds");
        await (await parent.PostJsonAsync($"/api/ppv/{id}/consent", new { scopes = new[] { "Everything" } }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "scopes");
        var half = await (await parent.PostJsonAsync($"/api/ppv/{id}/consent", new { scopes = new[] { "All" } })).JsonAsync();
        half["state"]!["code"]!.GetValue<string>().ShouldBe("Requested");
        half["consent"]!["assessment"]!.GetValue<bool>().ShouldBeFalse();

        // With one guardian's consent missing, the service sees the request and no more, and cannot go on.
        var seen = await (await psychologist.GetAsync($"/api/ppv/{id}")).JsonAsync();
        seen["requests"]!.AsArray().Count.ShouldBe(1);
        seen["notes"].ShouldBeNull();
        seen["drafts"]!.AsArray().ShouldBeEmpty();
        seen["versions"]!.AsArray().ShouldBeEmpty();
        seen["permittedActions"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()).ShouldNotContain("Prioritise");
        var refused = await (await school.PostJsonAsync($"/api/ppv/{id}/prioritise", new { priority = "High", meetingDate = DateOnly.FromDateTime(DateTime.UtcNow) }))
            .DanishProblemAsync(HttpStatusCode.Conflict);
        refused["detail"]!.GetValue<string>().ShouldContain("samtykke");
        (await psychologist.PostJsonAsync($"/api/ppv/{id}/assign", new { psychologistId = town.PsychologistA.Id }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // The other guardian's signed consent completes it.
        var whole = await (await school.PostJsonAsync($"/api/ppv/{id}/consent", new { guardianIds = new[] { town.GuardianA2.Id }, scopes = new[] { "Assessment" } }))
            .JsonAsync();
        whole["state"]!["code"]!.GetValue<string>().ShouldBe("AwaitingPrioritisation");
        whole["consent"]!["assessment"]!.GetValue<bool>().ShouldBeTrue();
        whole["consent"]!["sharingWithCommittee"]!.GetValue<bool>().ShouldBeFalse();

        // One case per child: a second request is refused.
        await (await school.PostJsonAsync("/api/ppv", new { childId = town.ChildA.Id, reason = "Igen." }))
            .DanishProblemAsync(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Assigning_a_psychologist_at_capacity_is_refused_without_a_reason_and_recorded_with_one()
    {
        var town = await _app.TownAsync();
        for (var i = 1; i <= 3; i++)
            await _app.PpvAsync(town, PpvStage.Assigned, await _app.ChildAtAsync(town.SchoolA, $"Barn A{i + 1}"));
        var waiting = await _app.PpvAsync(town, PpvStage.AwaitingAssignment);
        var psychologist = await _app.ClientForAsync(town.PsychologistA.Id);
        var school = await _app.ClientForAsync(town.LeaderA.Id);

        var full = await (await psychologist.GetAsync($"/api/ppv/psychologists/{town.PsychologistA.Id}/queue")).JsonAsync();
        full["capacity"]!.GetValue<int>().ShouldBe(3);
        full["active"]!.GetValue<int>().ShouldBe(3);
        full["isFull"]!.GetValue<bool>().ShouldBeTrue();
        full["cases"]!.AsArray().Count.ShouldBe(3);

        var refused = await (await psychologist.PostJsonAsync($"/api/ppv/{waiting.Id}/assign", new { psychologistId = town.PsychologistA.Id }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "overCapacityReason");
        refused["detail"]!.GetValue<string>().ShouldContain("kapaciteten er 3");
        (await _app.WithDbAsync(d => d.Set<PpvCase>().AsNoTracking().SingleAsync(c => c.Id == waiting.Id))).State.ShouldBe(PpvState.AwaitingAssignment);

        const string reason = "Højt prioriteret; psykolog A kender barnet fra børnehaven.";
        var assigned = await (await psychologist.PostJsonAsync($"/api/ppv/{waiting.Id}/assign", new
        {
            psychologistId = town.PsychologistA.Id,
            overCapacityReason = reason,
        })).JsonAsync();
        assigned["state"]!["code"]!.GetValue<string>().ShouldBe("Assigned");
        var assignment = assigned["assignments"]!.AsArray().ShouldHaveSingleItem()!;
        assignment["overCapacityReason"]!.GetValue<string>().ShouldBe(reason);
        assignment["activeAssessmentsBefore"]!.GetValue<int>().ShouldBe(3);

        var over = await (await psychologist.GetAsync($"/api/ppv/psychologists/{town.PsychologistA.Id}/queue")).JsonAsync();
        over["active"]!.GetValue<int>().ShouldBe(4);
        over["isOverCapacity"]!.GetValue<bool>().ShouldBeTrue();
        var overview = (await (await school.GetAsync($"/api/ppv/psychologists?schoolId={town.SchoolA.Id}")).JsonAsync()).AsArray();
        var a = overview.ShouldHaveSingleItem()!;
        a["active"]!.GetValue<int>().ShouldBe(4);
        a["freePlaces"]!.GetValue<int>().ShouldBe(0);
        a["cases"]!.AsArray().ShouldBeEmpty();
    }

    [Test]
    public async Task Hearing_deadline_ends_the_hearing_notifies_the_schools_psychologists_once_and_lets_the_PPV_be_finalised()
    {
        var town = await _app.TownAsync();
        var ppv = await _app.PpvAsync(town, PpvStage.InHearing);
        var psychologist = await _app.ClientForAsync(town.PsychologistA.Id);
        var parent = await _app.ClientForAsync(town.ParentA.Id);

        var deadline = await _app.WithDbAsync(d => d.Deadlines.AsNoTracking()
            .SingleAsync(x => x.SubjectId == ppv.Id && x.Kind == DeadlineKind.PpvHearingDeadline));
        deadline.Status.ShouldBe(DeadlineStatus.Scheduled);
        // Days away: the sweep gives it its Hangfire job once it is within the hour.
        deadline.JobId.ShouldBeNull();
        deadline.DueAt.ShouldBe(PpvDeadlines.HearingReplyDeadline(ppv.CurrentHearing!.SentAt, PpvScenariosRules()), TimeSpan.FromSeconds(1));

        // One of two parents replies; the hearing stays open for the other until the deadline.
        await (await parent.PostJsonAsync($"/api/ppv/{ppv.Id}/hearing/comments", new { text = "Vi har ingen bemærkninger." })).JsonAsync();
        var early = await (await psychologist.PostJsonAsync($"/api/ppv/{ppv.Id}/finalise", new { responseToComments = "Ingen ændringer." }))
            .DanishProblemAsync(HttpStatusCode.Conflict);
        early["detail"]!.GetValue<string>().ShouldContain("Høringen skal være afsluttet");

        // The reply deadline passes.
        _clock.Offset = deadline.DueAt - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        await (await parent.PostJsonAsync($"/api/ppv/{ppv.Id}/hearing/comments", new { text = "En sen bemærkning." }))
            .DanishProblemAsync(HttpStatusCode.Conflict);

        // Hangfire wakes the deadline; a second wake-up (a retry) changes nothing.
        for (var i = 0; i < 2; i++)
        {
            using var scope = _app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DeadlineJob>().FireAsync(deadline.Id, CancellationToken.None);
        }
        var notifications = await _app.WithDbAsync(d => d.Notifications.AsNoTracking().Where(n => n.DeadlineId == deadline.Id).ToListAsync());
        var notice = notifications.ShouldHaveSingleItem();
        notice.RecipientSchoolId.ShouldBe(town.SchoolA.Id);
        notice.Body.ShouldContain("1 kommentar(er)");
        var mine = (await (await psychologist.GetAsync("/api/notifications")).JsonAsync()).AsArray();
        mine.ShouldContain(n => n!["caseId"]!.GetValue<Guid>() == ppv.Id && n["title"]!.GetValue<string>().StartsWith("Høringsfristen"));

        var final = await (await psychologist.PostJsonAsync($"/api/ppv/{ppv.Id}/finalise", new { responseToComments = "Forældrene havde ingen bemærkninger." }))
            .JsonAsync();
        final["state"]!["code"]!.GetValue<string>().ShouldBe("Final");
        var open = await _app.WithDbAsync(d => d.Deadlines.AsNoTracking()
            .CountAsync(x => x.SubjectId == ppv.Id && x.Status == DeadlineStatus.Scheduled));
        open.ShouldBe(0);
    }

    [Test]
    public async Task An_update_becomes_version_two_naming_version_one_and_its_hash_while_version_one_stays_as_it_was()
    {
        var town = await _app.TownAsync();
        var ppv = await _app.PpvAsync(town, PpvStage.Final, town.ChildB);
        var school = await _app.ClientForAsync(town.LeaderB.Id);
        var psychologist = await _app.ClientForAsync(town.PsychologistB.Id);
        var parent = await _app.ClientForAsync(town.ParentB.Id);
        var v1 = await (await parent.GetAsync($"/api/ppv/{ppv.Id}/versions/1")).JsonAsync();

        var update = await (await school.PostJsonAsync($"/api/ppv/{ppv.Id}/update", new { reason = "Barnets behov har ændret sig efter skoleskiftet." }))
            .JsonAsync();
        update["state"]!["code"]!.GetValue<string>().ShouldBe("AwaitingPrioritisation");
        update["requests"]!.AsArray().Count.ShouldBe(2);
        await (await school.PostJsonAsync($"/api/ppv/{ppv.Id}/prioritise", new { priority = "Normal", meetingDate = DateOnly.FromDateTime(DateTime.UtcNow) })).JsonAsync();
        await (await psychologist.PostJsonAsync($"/api/ppv/{ppv.Id}/assign", new { psychologistId = town.PsychologistB.Id })).JsonAsync();
        await (await psychologist.PostJsonAsync($"/api/ppv/{ppv.Id}/notes", new { kind = "ConversationWithTeachers", text = "Samtale med klasselæreren." })).JsonAsync();
        await (await psychologist.PostJsonAsync($"/api/ppv/{ppv.Id}/draft", new { text = "Opdateret vurdering efter skoleskiftet.", recommendations = "Fortsat fast voksen." })).JsonAsync();

        // While the update is a draft, version 1 is still the one a referral may use, and version 2 is not.
        var referral = await _app.ReferralAsync(town, Stage.Draft, town.ChildB);
        await (await school.PostJsonAsync($"/api/referrals/{referral.Id}/ppv", new { ppvCaseId = ppv.Id, version = 2 }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "ppvReference");

        await (await psychologist.PostEmptyAsync($"/api/ppv/{ppv.Id}/hearing")).JsonAsync();
        await (await parent.PostJsonAsync($"/api/ppv/{ppv.Id}/hearing/comments", new { text = "Enig." })).JsonAsync();
        var final = await (await psychologist.PostJsonAsync($"/api/ppv/{ppv.Id}/finalise", new { responseToComments = "Forælderen er enig." })).JsonAsync();
        final["state"]!["code"]!.GetValue<string>().ShouldBe("Final");

        var versions = (await (await parent.GetAsync($"/api/ppv/{ppv.Id}/versions")).JsonAsync()).AsArray();
        versions.Select(v => v!["number"]!.GetValue<int>()).ShouldBe([1, 2]);
        var v2 = versions[1]!;
        v2["previousNumber"]!.GetValue<int>().ShouldBe(1);
        v2["previousContentHash"]!.GetValue<string>().ShouldBe(v1["contentHash"]!.GetValue<string>());
        v2["isLatest"]!.GetValue<bool>().ShouldBeTrue();
        v2["isIntact"]!.GetValue<bool>().ShouldBeTrue();
        v2["text"]!.GetValue<string>().ShouldBe("Opdateret vurdering efter skoleskiftet.");
        var v1Again = versions[0]!;
        v1Again["isLatest"]!.GetValue<bool>().ShouldBeFalse();
        foreach (var field in new[] { "text", "recommendations", "contentHash", "finalisedAt" })
            v1Again[field]!.ToJsonString().ShouldBe(v1[field]!.ToJsonString());
        v1Again["isIntact"]!.GetValue<bool>().ShouldBeTrue();

        // A replaced version is no longer a referral's PPV; the newest is.
        var replaced = await (await school.PostJsonAsync($"/api/referrals/{referral.Id}/ppv", new { ppvCaseId = ppv.Id, version = 1 }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "ppvReference");
        replaced["detail"]!.GetValue<string>().ShouldContain("afløst af version 2");
        await (await school.PostJsonAsync($"/api/referrals/{referral.Id}/ppv", new { ppvCaseId = ppv.Id, version = 2 })).JsonAsync(HttpStatusCode.Created);
        // Attaching it again changes nothing.
        var again = await (await school.PostJsonAsync($"/api/referrals/{referral.Id}/ppv", new { ppvCaseId = ppv.Id, version = 2 })).JsonAsync();
        again["documents"]!.AsArray().Count(d => d!["part"]!["code"]!.GetValue<string>() == "PPV").ShouldBe(1);
    }

    [Test]
    public async Task A_draft_PPV_cannot_become_the_referrals_PPV_part_so_the_referral_stays_incomplete()
    {
        var town = await _app.TownAsync();
        var ppv = await _app.PpvAsync(town, PpvStage.Drafted);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var referral = await _app.ReferralAsync(town, Stage.Draft);
        var before = await _app.SnapshotAsync(referral.Id);

        var draft = await (await school.PostJsonAsync($"/api/referrals/{referral.Id}/ppv", new { ppvCaseId = ppv.Id, version = 1 }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "ppvReference");
        draft["detail"]!.GetValue<string>().ShouldContain("kladde");
        await (await school.PostJsonAsync($"/api/referrals/{referral.Id}/ppv", new { ppvCaseId = Guid.NewGuid(), version = 1 }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "ppvReference");
        await (await school.PostJsonAsync($"/api/referrals/{referral.Id}/ppv", new { ppvCaseId = ppv.Id }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "version");
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);

        foreach (var part in Http.AllParts.Where(p => p != "PPV"))
            (await school.UploadAsync(referral.Id, part)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var submitted = await (await school.PostEmptyAsync($"/api/referrals/{referral.Id}/submit")).JsonAsync();
        submitted["state"]!["code"]!.GetValue<string>().ShouldBe("Incomplete");
        submitted["missingParts"]!.AsArray().Select(p => p!["code"]!.GetValue<string>()).ShouldBe(["PPV"]);
    }

    [Test]
    public async Task Guardian_of_another_family_and_a_psychologist_of_another_school_get_404_for_the_PPV()
    {
        var town = await _app.TownAsync();
        var ppv = await _app.PpvAsync(town, PpvStage.InHearing);
        var otherParent = await _app.ClientForAsync(town.ParentB.Id);
        var otherPsychologist = await _app.ClientForAsync(town.PsychologistB.Id);
        var parent = await _app.ClientForAsync(town.ParentA.Id);

        foreach (var client in new[] { otherParent, otherPsychologist })
        {
            await (await client.GetAsync($"/api/ppv/{ppv.Id}")).DanishProblemAsync(HttpStatusCode.NotFound);
            (await client.GetAsync($"/api/ppv/{ppv.Id}/versions")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            await (await client.PostJsonAsync($"/api/ppv/{ppv.Id}/hearing/comments", new { text = "Hej." }))
                .DanishProblemAsync(HttpStatusCode.NotFound);
            (await client.PostJsonAsync($"/api/ppv/{ppv.Id}/withdraw", new { reason = "Test." })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            var list = (await (await client.GetAsync("/api/ppv")).JsonAsync()).AsArray();
            list.ShouldNotContain(e => e!["ppvCaseId"]!.GetValue<Guid>() == ppv.Id);
        }

        // The child's own parent sees the draft during the hearing; nothing of it was logged for the others.
        var own = await (await parent.GetAsync($"/api/ppv/{ppv.Id}")).JsonAsync();
        own["drafts"]!.AsArray().ShouldHaveSingleItem()!["text"]!.GetValue<string>().ShouldBe(PpvScenarios.DraftText);
        var reads = await _app.WithDbAsync(d => d.AuditEntries.AsNoTracking()
            .Where(a => a.CaseId == ppv.Id && a.Kind == AuditKind.Read).Select(a => a.UserName).ToListAsync());
        reads.ShouldBe(["Forælder A1"]);
    }

    private static RuleSet PpvScenariosRules() => RuleSetCatalog.LoadEmbedded().InForceAt(TimeProvider.System);
}
