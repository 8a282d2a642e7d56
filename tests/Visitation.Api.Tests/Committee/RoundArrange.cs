using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Tests.Committee;

/// <summary>
/// Extra children, offers, rounds and referrals on a committee's agenda, arranged through the domain (as
/// <see cref="ReferralScenarios"/> does) so the round tests spend their HTTP calls on the round itself.
/// </summary>
internal static class RoundArrange
{
    private static readonly HashSet<string> UsedCprs = [];
    private static readonly Random Random = new(Environment.ProcessId * 31 + 5);

    public static async Task<Child> ChildAsync(VisitationApp app, School school, Guardian guardian, string name)
    {
        CprNumber cpr;
        lock (UsedCprs)
        {
            do cpr = CprNumber.Synthetic(new DateOnly(2013, 1, 1).AddDays(Random.Next(2500)), Random);
            while (!UsedCprs.Add(cpr.Value));
        }
        var child = new Child(Guid.NewGuid(), name, cpr, school.Id, [guardian.Id]);
        await app.WithDbAsync(async db =>
        {
            db.Children.Add(child);
            await db.SaveChangesAsync();
        });
        return child;
    }

    public static async Task<SpecialOffer> OfferAsync(VisitationApp app, School host, string name, OfferCategory category, int seats)
    {
        var offer = new SpecialOffer(Guid.NewGuid(), name, category, host.Id, seats);
        await app.WithDbAsync(async db =>
        {
            db.Offers.Add(offer);
            await db.SaveChangesAsync();
        });
        return offer;
    }

    /// <summary>A round whose referral deadline is <paramref name="deadlineIn"/> from now, triage a day later, committee two days later.</summary>
    public static async Task<VisitationRound> RoundAsync(VisitationApp app, string name, TimeSpan deadlineIn)
    {
        var now = DateTimeOffset.UtcNow;
        var rules = RuleSetCatalog.LoadEmbedded().InForceAt(TimeProvider.System);
        var round = VisitationRound.Plan(Guid.NewGuid(), name, RoundKind.Regular, now + deadlineIn, now + deadlineIn + TimeSpan.FromDays(1),
            now + deadlineIn + TimeSpan.FromDays(2), rules, now);
        await app.WithDbAsync(async db =>
        {
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
        });
        return round;
    }

    /// <summary>A complete referral for <paramref name="child"/> assigned to <paramref name="round"/>, triaged to <paramref name="track"/> and on the agenda.</summary>
    public static async Task<Referral> OnAgendaAsync(VisitationApp app, TestMunicipality town, VisitationRound round, Child child, Track track)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        var workflow = scope.ServiceProvider.GetRequiredService<WorkflowCatalog>().Latest<ReferralWorkflow>(ReferralWorkflow.DefinitionKey);
        var rules = scope.ServiceProvider.GetRequiredService<RuleSetCatalog>().InForceAt(TimeProvider.System);
        var leader = await ReferralScenarios.ActorAsync(db, child.DistrictSchoolId == town.SchoolA.Id ? town.LeaderA : town.LeaderB);
        var committee = await ReferralScenarios.ActorAsync(db, town.Committee);
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        DateTimeOffset Next() => at = at.AddSeconds(1);

        var referral = workflow.Start(Guid.NewGuid(), child, leader, rules, Next());
        foreach (var part in Enum.GetValues<ReferralPartType>())
        {
            var bytes = Http.Pdf(part.ToString());
            var file = new StoredFile(Guid.NewGuid(), $"{part}.pdf", "application/pdf", bytes,
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Next());
            db.StoredFiles.Add(file);
            workflow.AttachDocument(referral, leader, part, new StoredFileInfo(file.Id, file.FileName, file.ContentType, file.Length, file.Sha256), at,
                external: ReferralScenarios.ExternalFor(part, at));
        }
        workflow.Submit(referral, leader, rules, Next());
        workflow.AssignToRound(referral, committee, round, Next());
        workflow.Triage(referral, committee, track, Next());
        workflow.PutOnAgenda(referral, committee, Next());
        db.Referrals.Add(referral);
        await db.SaveChangesAsync();
        return referral;
    }
}
