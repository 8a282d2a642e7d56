using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Revisitation;
using static Visitation.Api.Tests.Revisitation.RevisitationScript;

namespace Visitation.Api.Tests.Revisitation;

/// <summary>
/// A demo offer with five placed children lives through the school year 2026/27 through the API, on a
/// clock the test moves one day at a time: the offer leader plans the year on 3 August and sends the
/// invitations, every planned step is taken on its day by the person it belongs to, the plan is redone when
/// a case comes to need a revisitation meeting, and the deadlines are woken as Hangfire would.
/// </summary>
[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class RevisitationSchoolYearTests(Db db)
{
    private static readonly DateOnly FirstDay = new(2026, 8, 3);
    private static readonly DateOnly LastDay = new(2027, 7, 31);

    [Test]
    public async Task Every_child_in_the_demo_offer_ends_the_school_year_with_a_written_decision_and_nothing_overdue()
    {
        using var database = TestDatabase.Create(db);
        var clock = new SettableClock(Danish(FirstDay, 8));
        await using var app = new VisitationApp(database, settings: new Dictionary<string, string?>
        {
            ["Municipality:LetterDropFolder"] = Path.Combine(database.Folder, "letters"),
        }, services: s => s.AddSingleton<TimeProvider>(clock));
        var town = await app.TownAsync();
        var committee = await app.ClientForAsync(town.Committee.Id);
        var leader = await app.ClientForAsync(town.OfferLeader.Id);
        var schoolLeaders = new Dictionary<Guid, HttpClient>
        {
            [town.SchoolA.Id] = await app.ClientForAsync(town.LeaderA.Id),
            [town.SchoolB.Id] = await app.ClientForAsync(town.LeaderB.Id),
        };

        // Five children, last decided between October 2025 and April 2026: due between October 2026 and April 2027.
        var children = new List<Child> { town.ChildA, town.ChildB, town.PlacedChild };
        children.AddRange(await MoreChildrenAsync(app, town, 2));
        var placements = new List<(Guid Id, Child Child, int Number)>();
        for (var n = 1; n <= children.Count; n++)
        {
            var child = children[n - 1];
            var placement = await RegisterAsync(committee, child.Id, town.Offer.Id, new DateOnly(2025, 10, 15).AddDays((n - 1) * 45));
            var id = placement["id"]!.GetValue<Guid>();
            placements.Add((id, child, n));
            await (await leader.PutJsonAsync($"/api/placements/{id}/people", new
            {
                people = new[]
                {
                    new { role = "ContactTeacher", name = $"Kontaktlærer {n % 2 + 1}", personId = (Guid?)Guid.NewGuid() },
                    new { role = "Team", name = "Teamet i Testtilbud 1", personId = (Guid?)Guid.NewGuid() },
                },
            })).JsonAsync();
        }

        clock.Set(Danish(FirstDay, 10));
        var plan = await (await leader.PostJsonAsync("/api/revisitation-plans", new { schoolYear = 2026 })).JsonAsync();
        var planId = plan["id"]!.GetValue<Guid>();
        plan["problems"]!.AsArray().ShouldBeEmpty(plan["problems"]!.ToJsonString());
        plan["entries"]!.AsArray().Count.ShouldBe(5 * 5, "pupil conversation, status meeting, answer, parent conversation and decision for each child");

        // The leader moves one pupil conversation a working day later; its participants are invited again.
        var moved = plan["entries"]!.AsArray().First(e => e!["step"]!["code"]!.GetValue<string>() == "PupilConversation")!;
        var newDate = NextWorkingDay(DateOf(moved["date"]));
        var move = await (await leader.PostJsonAsync($"/api/revisitation-plans/{planId}/moves",
            new { placementId = moved["placementId"]!.GetValue<Guid>(), step = "PupilConversation", date = newDate })).JsonAsync();
        move["invitations"]!.AsArray().ShouldAllBe(i => DateOf(i!["date"]) == newDate);
        plan = move["plan"]!;
        var sent = await (await leader.PostEmptyAsync($"/api/revisitation-plans/{planId}/invitations/send")).JsonAsync();
        sent["notified"]!.GetValue<int>().ShouldBe(5, "each status meeting invites the psychologist of the child's school");
        (await (await leader.PostEmptyAsync($"/api/revisitation-plans/{planId}/invitations/send")).JsonAsync())["notified"]!.GetValue<int>().ShouldBe(0);

        var cases = new Dictionary<Guid, Guid>();
        for (var day = FirstDay; day <= LastDay; day = day.AddDays(1))
        {
            clock.Set(Danish(day, 7));
            await FireDueDeadlinesAsync(app, clock.GetUtcNow());
            var replan = false;
            var entries = plan["entries"]!.AsArray().Where(e => DateOf(e!["date"]) == day).ToList();
            foreach (var entry in entries)
            {
                var (placementId, child, n) = placements.Single(p => p.Id == entry!["placementId"]!.GetValue<Guid>());
                var step = entry!["step"]!["code"]!.GetValue<string>();
                if (step == "PupilConversation" && !cases.ContainsKey(placementId))
                {
                    clock.Set(Danish(day, 9));
                    cases[placementId] = await StartAsync(leader, placementId);
                }
                if (!cases.TryGetValue(placementId, out var caseId)) continue;
                var schoolLeader = schoolLeaders[child.DistrictSchoolId];
                switch (step)
                {
                    case "PupilConversation":
                        clock.Set(Danish(day, 11));
                        await PupilConversationAsync(leader, caseId, Danish(day, 10));
                        break;
                    case "StatusMeeting":
                        clock.Set(Danish(day, 11));
                        await StatusMeetingAsync(leader, caseId, Danish(day, 10));
                        clock.Set(Danish(day, 14));
                        await SendHandleplanAsync(leader, caseId);
                        break;
                    case "HandleplanAnswer":
                        // The district school leader of child 2 wants to discuss more time in the home class.
                        clock.Set(Danish(day, 8));
                        await AnswerAsync(schoolLeader, caseId, n == 2 ? "WantsDiscussion" : "NoFurtherDiscussion",
                            n == 2 ? "Vi vil drøfte mere tid i stamklassen." : null);
                        replan |= n == 2;
                        break;
                    case "ParentConversation":
                        // The parents of child 4 want other options discussed.
                        clock.Set(Danish(day, 11));
                        await ParentConversationAsync(leader, caseId, Danish(day, 10), parentsWantDiscussion: n == 4);
                        replan |= n == 4;
                        break;
                    case "RevisitationMeeting":
                        clock.Set(Danish(day, 11));
                        await RevisitationMeetingAsync(leader, caseId, Danish(day, 10));
                        break;
                    case "Decision":
                        clock.Set(Danish(day, 12));
                        await DecideAsync(leader, caseId, n, day);
                        break;
                }
            }
            if (replan)
            {
                clock.Set(Danish(day, 22));
                plan = await (await leader.PostJsonAsync("/api/revisitation-plans", new { schoolYear = 2026 })).JsonAsync();
                plan["entries"]!.AsArray().ShouldContain(e => e!["step"]!["code"]!.GetValue<string>() == "RevisitationMeeting");
            }
        }

        // Every child ends the year with a decision and its written decision, due again a year on; nothing is overdue.
        cases.Count.ShouldBe(5);
        foreach (var (placementId, child, n) in placements)
        {
            var revisitation = await (await leader.GetAsync($"/api/revisitations/{cases[placementId]}")).JsonAsync();
            revisitation["state"]!["code"]!.GetValue<string>().ShouldBe("Decided", $"child {n}");
            revisitation["decision"]!["writtenDecisionId"].ShouldNotBeNull($"child {n}");
            var placement = await (await leader.GetAsync($"/api/placements/{placementId}")).JsonAsync();
            DateOf(placement["lastDecisionDate"]).ShouldBeLessThanOrEqualTo(DateOf(revisitation["dueDate"]), $"child {n} decided in time");
            DateOf(placement["nextRevisitationDue"]).ShouldBeGreaterThan(LastDay);
            await WaitForLettersAsync(committee, child.Id, expected: child.GuardianIds.Count);
        }
        var outcomes = await app.WithDbAsync(d => d.Set<RevisitationCase>().AsNoTracking().Where(c => c.OfferId == town.Offer.Id)
            .Select(c => c.Decision!.Outcome).ToListAsync());
        outcomes.Order().ShouldBe([RevisitationOutcome.Continue, RevisitationOutcome.Continue, RevisitationOutcome.Continue,
            RevisitationOutcome.ChangeScope, RevisitationOutcome.End]);
        var overdue = await (await committee.GetAsync($"/api/placements/overdue?offerId={town.Offer.Id}")).JsonAsync();
        overdue["count"]!.GetValue<int>().ShouldBe(0);

        // Each child's two reminders went to the offer leader once; nothing was escalated or left unanswered.
        var notifications = await app.WithDbAsync(d => d.Notifications.AsNoTracking().Join(d.Deadlines, n => n.DeadlineId, x => x.Id, (n, x) => x.Kind).ToListAsync());
        notifications.Count(k => k == DeadlineKind.RevisitationReminder).ShouldBe(10);
        notifications.Count(k => k == DeadlineKind.RevisitationEscalation).ShouldBe(0);
        notifications.Count(k => k == DeadlineKind.HandleplanAnswerReminder).ShouldBe(0);
        var reminders = (await (await leader.GetAsync("/api/notifications")).JsonAsync()).AsArray()
            .Count(x => x!["title"]!.GetValue<string>().StartsWith("Revisitation skal afgøres senest"));
        reminders.ShouldBe(10);
    }

    private static async Task DecideAsync(HttpClient leader, Guid caseId, int n, DateOnly day)
    {
        object body = n switch
        {
            2 => new { outcome = "Change", newScope = "Tre dage om ugen i tilbuddet, to i stamklassen", reasons = "Barnet er klar til mere tid i stamklassen.", letter = CompleteLetter },
            4 => new
            {
                outcome = "End", phaseOutKind = "Partial", endDate = day.AddDays(60), phaseOutPlan = "Dansk og matematik på distriktsskolen fra næste periode.",
                reasons = "Barnet er klar til delvis tilbagevenden, som forældrene og distriktsskolen ønsker.", letter = CompleteLetter,
            },
            _ => new { outcome = "Continue", reasons = "Barnet trives og når sine mål; alle er enige om at fortsætte.", letter = CompleteLetter },
        };
        var decided = await (await leader.PostJsonAsync($"/api/revisitations/{caseId}/decision", body)).JsonAsync();
        decided["state"]!["code"]!.GetValue<string>().ShouldBe("Decided");
    }

    /// <summary>Every scheduled deadline due by <paramref name="now"/>, woken as its Hangfire job would.</summary>
    private static async Task FireDueDeadlinesAsync(VisitationApp app, DateTimeOffset now)
    {
        var due = await app.WithDbAsync(d => d.Deadlines.AsNoTracking()
            .Where(x => x.Status == DeadlineStatus.Scheduled && x.DueAt <= now).Select(x => x.Id).ToListAsync());
        foreach (var id in due)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DeadlineJob>().FireAsync(id, CancellationToken.None);
        }
    }

    private static async Task<List<Child>> MoreChildrenAsync(VisitationApp app, TestMunicipality town, int count)
    {
        var random = new Random(4242);
        var children = new List<Child>();
        await app.WithDbAsync(async d =>
        {
            for (var i = 0; i < count; i++)
            {
                var guardian = new Guardian(Guid.NewGuid(), $"Forælder S{i + 1}", CprNumber.Synthetic(new DateOnly(1984, 3, 1).AddDays(i * 41), random),
                    "Prøvevej 20, 7100 Testby", null);
                var child = new Child(Guid.NewGuid(), $"Barn S{i + 1}", CprNumber.Synthetic(new DateOnly(2015, 5, 1).AddDays(i * 53), random),
                    i % 2 == 0 ? town.SchoolA.Id : town.SchoolB.Id, [guardian.Id]);
                d.Guardians.Add(guardian);
                d.Children.Add(child);
                children.Add(child);
            }
            await d.SaveChangesAsync();
        });
        return children;
    }

    private static DateOnly NextWorkingDay(DateOnly date)
    {
        var next = date.AddDays(1);
        while (next.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || DanishHolidays.IsHoliday(next)) next = next.AddDays(1);
        return next;
    }

    private static DateTimeOffset Danish(DateOnly day, int hour)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local));
    }
}
