using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Tests.Jobs;

[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class DeadlineRestartTests(Db db)
{
    [Test]
    public async Task Deadline_scheduled_before_a_restart_fires_exactly_once_after_it()
    {
        using var database = TestDatabase.Create(db);
        var reminderDays = RuleSetCatalog.LoadEmbedded().InForceAt(TimeProvider.System).Referral.IncompleteReminderAfterDays;
        // The domain's clock runs reminderDays minus 6 s behind, so the reminder falls due 6 real seconds after submission.
        var clock = new ShiftedTimeProvider(-TimeSpan.FromDays(reminderDays) + TimeSpan.FromSeconds(6));
        void UseClock(IServiceCollection s) => s.AddSingleton<TimeProvider>(clock);

        Guid referralId;
        TestMunicipality town;
        await using (var first = new VisitationApp(database, runJobs: true, services: UseClock))
        {
            town = await TestMunicipality.CreateAsync(first);
            var school = await first.ClientForAsync(town.LeaderA.Id);
            var created = await (await school.PostJsonAsync("/api/referrals", new { childId = town.ChildA.Id })).JsonAsync(HttpStatusCode.Created);
            referralId = created["id"]!.GetValue<Guid>();
            var submitted = await (await school.PostEmptyAsync($"/api/referrals/{referralId}/submit")).JsonAsync();
            submitted["state"]!["code"]!.GetValue<string>().ShouldBe("Incomplete");
        }

        // The host is gone before the deadline: it is persisted, scheduled, and has not fired.
        await using var second = new VisitationApp(database, runJobs: true, services: UseClock);
        var pending = await second.WithDbAsync(d => d.Deadlines.AsNoTracking().SingleAsync(x => x.SubjectId == referralId));
        pending.Kind.ShouldBe(DeadlineKind.IncompleteReferralReminder);
        pending.Status.ShouldBe(DeadlineStatus.Scheduled);
        pending.JobId.ShouldNotBeNull();

        var fired = await WaitForAsync(second, referralId, d => d.Status == DeadlineStatus.Fired, TimeSpan.FromSeconds(60));
        fired.ShouldBeTrue("the reminder did not fire after the restart");

        // A second wake-up of the same deadline, as after a Hangfire retry, changes nothing.
        second.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<DeadlineJob>(j => j.FireAsync(pending.Id, CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(4));

        var notifications = await second.WithDbAsync(d => d.Notifications.AsNoTracking().Where(n => n.DeadlineId == pending.Id).ToListAsync());
        notifications.Count.ShouldBe(1);
        notifications[0].RecipientSchoolId.ShouldBe(town.SchoolA.Id);
        notifications[0].Body.ShouldContain("forældreudtalelse");

        var leader = await second.ClientForAsync(town.LeaderA.Id);
        var mine = (await (await leader.GetAsync("/api/notifications")).JsonAsync()).AsArray();
        mine.Count(n => n!["caseId"]?.GetValue<Guid>() == referralId).ShouldBe(1);
    }

    [Test]
    public async Task Completing_an_incomplete_referral_cancels_its_reminder_and_deletes_its_job()
    {
        using var database = TestDatabase.Create(db);
        // The reminder falls due within the hour, so it gets its Hangfire job when it is saved.
        var reminderDays = RuleSetCatalog.LoadEmbedded().InForceAt(TimeProvider.System).Referral.IncompleteReminderAfterDays;
        var clock = new ShiftedTimeProvider(-TimeSpan.FromDays(reminderDays) + TimeSpan.FromMinutes(30));
        await using var app = new VisitationApp(database, services: s => s.AddSingleton<TimeProvider>(clock));
        var town = await TestMunicipality.CreateAsync(app);
        var school = await app.ClientForAsync(town.LeaderA.Id);
        var id = await SubmitIncompleteAsync(school, town);
        var scheduled = await app.WithDbAsync(d => d.Deadlines.AsNoTracking().SingleAsync(x => x.SubjectId == id));
        scheduled.JobId.ShouldNotBeNull();

        foreach (var part in Http.AllParts) (await school.UploadAsync(id, part)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await school.PostEmptyAsync($"/api/referrals/{id}/submit")).JsonAsync();

        var deadlines = await app.WithDbAsync(d => d.Deadlines.AsNoTracking().Where(x => x.SubjectId == id).ToListAsync());
        deadlines.Count.ShouldBe(1);
        deadlines[0].Status.ShouldBe(DeadlineStatus.Cancelled);
        var job = JobStorage.Current.GetMonitoringApi().JobDetails(deadlines[0].JobId);
        job.History.ShouldContain(h => h.StateName == "Deleted");
    }

    [Test]
    public async Task Deadline_due_beyond_the_horizon_is_saved_without_a_job_and_gets_one_from_the_sweep_when_it_comes_within_it()
    {
        using var database = TestDatabase.Create(db);
        await using var app = new VisitationApp(database);
        var town = await TestMunicipality.CreateAsync(app);
        var school = await app.ClientForAsync(town.LeaderA.Id);
        var id = await SubmitIncompleteAsync(school, town);

        var saved = await app.WithDbAsync(d => d.Deadlines.AsNoTracking().SingleAsync(x => x.SubjectId == id));
        saved.Status.ShouldBe(DeadlineStatus.Scheduled);
        saved.DueAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow + DeadlineScheduler.Horizon);
        saved.JobId.ShouldBeNull();

        // A sweep while it is still far off leaves it alone.
        await SweepAsync(app);
        (await app.WithDbAsync(d => d.Deadlines.AsNoTracking().SingleAsync(x => x.Id == saved.Id))).JobId.ShouldBeNull();

        // Time passes: the deadline is now twenty minutes away, and the next sweep gives it its job at its due time.
        var soon = DateTimeOffset.UtcNow.AddMinutes(20);
        await app.WithDbAsync(d => d.Deadlines.Where(x => x.Id == saved.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DueAt, soon)));
        await SweepAsync(app);

        var due = await app.WithDbAsync(d => d.Deadlines.AsNoTracking().SingleAsync(x => x.Id == saved.Id));
        due.JobId.ShouldNotBeNull();
        var job = JobStorage.Current.GetMonitoringApi().JobDetails(due.JobId);
        job.History.ShouldContain(h => h.StateName == "Scheduled");
        job.Job.Args.ShouldContain(saved.Id);
    }

    [Test]
    public async Task Two_sweeps_at_once_leave_a_deadline_with_exactly_one_scheduled_job()
    {
        using var database = TestDatabase.Create(db);
        await using var app = new VisitationApp(database);
        var town = await TestMunicipality.CreateAsync(app);
        var school = await app.ClientForAsync(town.LeaderA.Id);
        var id = await SubmitIncompleteAsync(school, town);
        var deadline = await app.WithDbAsync(d => d.Deadlines.AsNoTracking().SingleAsync(x => x.SubjectId == id));
        var soon = DateTimeOffset.UtcNow.AddMinutes(20);
        await app.WithDbAsync(d => d.Deadlines.Where(x => x.Id == deadline.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DueAt, soon)));

        await Task.WhenAll(SweepAsync(app), SweepAsync(app));

        var recorded = (await app.WithDbAsync(d => d.Deadlines.AsNoTracking().SingleAsync(x => x.Id == deadline.Id))).JobId;
        recorded.ShouldNotBeNull();
        var scheduled = JobStorage.Current.GetMonitoringApi().ScheduledJobs(0, 1000)
            .Where(j => j.Value.Job?.Args.Contains(deadline.Id) == true).Select(j => j.Key).ToList();
        scheduled.ShouldBe([recorded]);
    }

    private static async Task<Guid> SubmitIncompleteAsync(HttpClient school, TestMunicipality town)
    {
        var created = await (await school.PostJsonAsync("/api/referrals", new { childId = town.ChildA.Id })).JsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        var submitted = await (await school.PostEmptyAsync($"/api/referrals/{id}/submit")).JsonAsync();
        submitted["state"]!["code"]!.GetValue<string>().ShouldBe("Incomplete");
        return id;
    }

    private static async Task SweepAsync(VisitationApp app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DeadlineSweep>().RunAsync(CancellationToken.None);
    }

    private static async Task<bool> WaitForAsync(VisitationApp app, Guid subjectId, Func<Deadline, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            var deadline = await app.WithDbAsync(d => d.Deadlines.AsNoTracking().SingleAsync(x => x.SubjectId == subjectId));
            if (condition(deadline)) return true;
            await Task.Delay(500);
        }
        return false;
    }
}
