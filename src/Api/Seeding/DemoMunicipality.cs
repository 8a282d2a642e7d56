using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Seeding;

/// <summary>
/// Seeds a synthetic mid-sized municipality for Development (<c>Demo:Seed=true</c>): about 30 schools,
/// 12 special offers with 600 placed children, the school year's visitation rounds from the calendar
/// plus three that carry the demo cases, 40 referrals in every state of the referral path, pupil numbers
/// per district school, and a demo user for every role and scope (listed at <c>/dev/users</c>). Nothing in it
/// is a real person. Runs once: if any school exists, it does nothing.
/// </summary>
public static class DemoMunicipality
{
    /// <summary>The random seed: the same code gives the same names, CPR numbers and ids every time.</summary>
    public const int RandomSeed = 2026;

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<VisitationDbContext>();
        var log = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(DemoMunicipality).FullName!);
        if (await db.Schools.AnyAsync(ct))
        {
            // A demo database seeded before placements existed gets its placements now; otherwise nothing happens.
            var clock = services.GetRequiredService<TimeProvider>();
            var added = await DemoPlacements.BackfillAsync(db, services.GetRequiredService<RuleSetCatalog>().InForceAt(clock), clock.GetUtcNow(), ct);
            if (added > 0) log?.LogInformation("Registered {Count} demo placement(s) for placed children that had none", added);
            // A demo database seeded before PPV cases existed gets them now; once there is any PPV case, nothing happens.
            var ppv = await DemoPpv.SeedAsync(db, services.GetRequiredService<WorkflowCatalog>(),
                services.GetRequiredService<RuleSetCatalog>().InForceAt(clock), clock.GetUtcNow(), ct);
            if (ppv > 0) log?.LogInformation("Added {Count} demo PPV case(s)", ppv);
            return;
        }

        var watch = Stopwatch.StartNew();
        var seeder = new DemoSeeder(db, services.GetRequiredService<WorkflowCatalog>(),
            services.GetRequiredService<RuleSetCatalog>(), services.GetRequiredService<TimeProvider>());

        // One transaction: a failed seed leaves no schools behind, so the next start seeds again.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await seeder.RunAsync(ct);
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();

        log?.LogInformation("Seeded the demo municipality in {Elapsed} ms: {Summary}", watch.ElapsedMilliseconds, seeder.Summary);
    }
}
