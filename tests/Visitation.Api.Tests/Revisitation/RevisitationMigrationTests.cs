using System.Net;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Common;
using static Visitation.Api.Tests.Revisitation.RevisitationScript;

namespace Visitation.Api.Tests.Revisitation;

/// <summary>
/// Version 2 of the revisitation workflow (the child's own statement before the status meeting) is
/// published by restarting the service with it switched on. Two version-1 cases are left at "status
/// meeting held" by the service before the restart; the tests then work on the service after it.
/// </summary>
[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class RevisitationMigrationTests(Db db)
{
    private TestDatabase _database = null!;
    private VisitationApp _app = null!;
    private TestMunicipality _town = null!;
    private Guid _refusedCase;
    private Guid _migratedCase;
    private Guid _newPlacement;

    /// <summary>Every open state of version 1 mapped to the same state in version 2.</summary>
    private static readonly Dictionary<string, string> FullMapping = new[]
    {
        "Started", "PupilConversationHeld", "StatusMeetingHeld", "HandleplanSent", "HandleplanAnswered", "ParentConversationHeld", "RevisitationMeetingHeld",
    }.ToDictionary(s => s, s => s);

    [OneTimeSetUp]
    public async Task TwoCasesOnVersion1ThenPublishVersion2()
    {
        _database = TestDatabase.Create(db);
        var today = DanishTime.Date(DateTimeOffset.UtcNow);
        await using (var before = new VisitationApp(_database))
        {
            _town = await TestMunicipality.CreateAsync(before);
            var committee = await before.ClientForAsync(_town.Committee.Id);
            var leader = await before.ClientForAsync(_town.OfferLeader.Id);
            var versions = (await (await committee.GetAsync("/api/workflows/revisitation/versions")).JsonAsync()).AsArray();
            versions.Single(v => v!["version"]!.GetValue<int>() == 2)!["isPublished"]!.GetValue<bool>().ShouldBeFalse();

            var cases = new List<Guid>();
            foreach (var child in new[] { _town.ChildA, _town.ChildB })
            {
                var placementId = (await RegisterAsync(committee, child.Id, _town.Offer.Id, today.AddMonths(-11)))["id"]!.GetValue<Guid>();
                var caseId = await StartAsync(leader, placementId);
                await PupilConversationAsync(leader, caseId, DateTimeOffset.UtcNow.AddMinutes(-30));
                var held = await StatusMeetingAsync(leader, caseId, DateTimeOffset.UtcNow.AddMinutes(-20));
                held["workflowVersion"]!.GetValue<int>().ShouldBe(1);
                cases.Add(caseId);
            }
            (_refusedCase, _migratedCase) = (cases[0], cases[1]);
            _newPlacement = (await RegisterAsync(committee, _town.PlacedChild.Id, _town.Offer.Id, today.AddMonths(-11)))["id"]!.GetValue<Guid>();
        }
        _app = new VisitationApp(_database, settings: new Dictionary<string, string?> { ["Workflows:Revisitation:PublishVersion2"] = "true" });
    }

    [OneTimeTearDown]
    public void StopApp()
    {
        _app.Dispose();
        _database.Dispose();
    }

    [Test]
    public async Task Publishing_version_2_leaves_running_cases_on_version_1_and_an_incomplete_mapping_is_refused_and_audited()
    {
        var leader = await _app.ClientForAsync(_town.OfferLeader.Id);
        var admin = await _app.ClientForAsync(_town.Admin.Id);

        var running = await (await leader.GetAsync($"/api/revisitations/{_refusedCase}")).JsonAsync();
        running["workflowVersion"]!.GetValue<int>().ShouldBe(1);
        Codes(running["permittedActions"]).ShouldContain("SendHandleplan");
        // A case started now starts on version 2, with the child's own statement after the pupil conversation.
        var fresh = await (await leader.PostJsonAsync("/api/revisitations", new { placementId = _newPlacement })).JsonAsync(HttpStatusCode.Created);
        fresh["workflowVersion"]!.GetValue<int>().ShouldBe(2);
        Codes(fresh["remainingSteps"]).ShouldContain("ChildStatement");

        // The administrator sees the running version-1 cases by state only.
        var onVersion1 = (await (await admin.GetAsync("/api/revisitations/running?version=1")).JsonAsync()).AsArray();
        onVersion1.Select(c => c!["id"]!.GetValue<Guid>()).ShouldContain(_refusedCase);

        // A mapping that does not cover the case's state is refused, in Danish, and the attempt is audited.
        var incomplete = new Dictionary<string, string> { ["Started"] = "Started", ["PupilConversationHeld"] = "PupilConversationHeld" };
        var problem = await (await admin.PostJsonAsync($"/api/revisitations/{_refusedCase}/migration", new { toVersion = 2, mapping = incomplete }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "mapping");
        problem["detail"]!.GetValue<string>().ShouldContain("dækker ikke sagens nuværende tilstand");

        // So is one that would ask for the held status meeting again.
        var backwards = new Dictionary<string, string>(FullMapping) { ["StatusMeetingHeld"] = "PupilConversationHeld" };
        var again = await (await admin.PostJsonAsync($"/api/revisitations/{_refusedCase}/migration", new { toVersion = 2, mapping = backwards }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "mapping");
        again["detail"]!.GetValue<string>().ShouldContain("ville den blive bedt om det igen");

        // Only an administrator migrates.
        (await leader.PostJsonAsync($"/api/revisitations/{_refusedCase}/migration", new { toVersion = 2, mapping = FullMapping }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var after = await (await leader.GetAsync($"/api/revisitations/{_refusedCase}")).JsonAsync();
        after["workflowVersion"]!.GetValue<int>().ShouldBe(1);
        after["state"]!["code"]!.GetValue<string>().ShouldBe("StatusMeetingHeld");
        var refusals = await _app.WithDbAsync(d => d.AuditEntries.AsNoTracking()
            .Where(a => a.CaseId == _refusedCase && a.Kind == AuditKind.Change && a.What.StartsWith("Afvist forsøg")).ToListAsync());
        refusals.Count.ShouldBe(2);
        refusals.ShouldAllBe(a => a.Role == "Administrator");
    }

    [Test]
    public async Task Migrated_case_with_a_held_status_meeting_is_not_asked_for_it_again()
    {
        var leader = await _app.ClientForAsync(_town.OfferLeader.Id);
        var admin = await _app.ClientForAsync(_town.Admin.Id);

        var check = await (await admin.PostJsonAsync($"/api/revisitations/{_migratedCase}/migration/check", new { toVersion = 2, mapping = FullMapping })).JsonAsync();
        check["isValid"]!.GetValue<bool>().ShouldBeTrue(check.ToJsonString());
        Codes(check["carriedOver"]).ShouldBe(["PupilConversation", "StatusMeeting"]);
        Codes(check["waived"]).ShouldBe(["ChildStatement"]);

        var done = await (await admin.PostJsonAsync($"/api/revisitations/{_migratedCase}/migration", new { toVersion = 2, mapping = FullMapping })).JsonAsync();
        done["toState"]!["code"]!.GetValue<string>().ShouldBe("StatusMeetingHeld");

        var migrated = await (await leader.GetAsync($"/api/revisitations/{_migratedCase}")).JsonAsync();
        migrated["workflowVersion"]!.GetValue<int>().ShouldBe(2);
        migrated["state"]!["code"]!.GetValue<string>().ShouldBe("StatusMeetingHeld");
        Codes(migrated["permittedActions"]).ShouldContain("SendHandleplan");
        Codes(migrated["permittedActions"]).ShouldNotContain("RecordStatusMeeting");
        Codes(migrated["permittedActions"]).ShouldNotContain("RecordChildStatement");
        Codes(migrated["remainingSteps"]).ShouldBe(["HandleplanAnswer", "ParentConversation", "Decision"]);
        migrated["steps"]!.AsArray().ShouldContain(s => s!["step"]!["code"]!.GetValue<string>() == "ChildStatement" && s["status"]!["code"]!.GetValue<string>() == "Waived");
        migrated["meetings"]!.AsArray().Count(m => m!["kind"]!["code"]!.GetValue<string>() == "StatusMeeting").ShouldBe(1);

        // The held status meeting is not asked for again, nor the child's statement whose moment has passed.
        var statusAgain = await leader.PostJsonAsync($"/api/revisitations/{_migratedCase}/status-meeting", new
        {
            meeting = Meeting(DateTimeOffset.UtcNow, "Team", "OfferLeader", "Psychologist"),
            focusPoints = new[] { "x" },
            recommendations = new[] { "y" },
        });
        await statusAgain.DanishProblemAsync(HttpStatusCode.Conflict);
        await (await leader.PostJsonAsync($"/api/revisitations/{_migratedCase}/child-statement", new
        {
            meeting = Meeting(DateTimeOffset.UtcNow, "ContactTeacher", "Pupil"),
            statement = "Jeg kan godt lide min klasse.",
        })).DanishProblemAsync(HttpStatusCode.Conflict);

        // It goes on from where it was, on version 2.
        var sent = await SendHandleplanAsync(leader, _migratedCase);
        sent["state"]!["code"]!.GetValue<string>().ShouldBe("HandleplanSent");

        // The migration is in the history and the audit log, by the administrator.
        migrated["history"]!.AsArray().ShouldContain(h => h!["trigger"]!.GetValue<string>() == "Migrate" && h["actorRole"]!.GetValue<string>() == "Administrator");
        var audit = await _app.WithDbAsync(d => d.AuditEntries.AsNoTracking()
            .Where(a => a.CaseId == _migratedCase && a.What.StartsWith("Flyttet fra version 1")).ToListAsync());
        audit.ShouldHaveSingleItem().Role.ShouldBe("Administrator");

        // Migrating again is refused: the case is on version 2 already.
        await (await admin.PostJsonAsync($"/api/revisitations/{_migratedCase}/migration", new { toVersion = 2, mapping = FullMapping }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "mapping");
    }
}
