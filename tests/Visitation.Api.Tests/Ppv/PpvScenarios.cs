using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Tests.Ppv;

/// <summary>Where a PPV case made by <see cref="PpvScenarios"/> stands.</summary>
public enum PpvStage
{
    Requested,
    AwaitingAssignment,
    Assigned,
    Drafted,
    InHearing,
    Final,
}

/// <summary>
/// Brings a PPV case into the state a test needs through the same workflow operations the API calls,
/// acting as the town's users, saved in one go; the journey test covers the HTTP path step by step.
/// </summary>
public static class PpvScenarios
{
    public const string DraftText = "Barnet trives i små grupper med faste rammer og har brug for forudsigelighed i overgange.";
    public const string Recommendations = "Fast voksen i overgange; visuel dagsplan; mindre fællesskab i dele af dagen.";

    private static readonly HashSet<string> UsedCprs = [];
    private static readonly Lock CprGate = new();

    /// <summary>
    /// A PPV case for <paramref name="child"/> (default ChildA at school A) in <paramref name="stage"/>, requested by
    /// the school leader, consented to in full by every guardian, and worked on by <paramref name="psychologist"/>
    /// (default the psychologist serving the child's school). A final case's hearing ended with every guardian replying.
    /// </summary>
    public static async Task<PpvCase> PpvAsync(this VisitationApp app, TestMunicipality town, PpvStage stage,
        Child? child = null, AppUser? psychologist = null)
    {
        child ??= town.ChildA;
        var atSchoolA = child.DistrictSchoolId == town.SchoolA.Id;
        psychologist ??= atSchoolA ? town.PsychologistA : town.PsychologistB;
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<VisitationDbContext>();
        var workflow = services.GetRequiredService<WorkflowCatalog>().Latest<PpvWorkflow>(PpvWorkflow.DefinitionKey);
        var rules = services.GetRequiredService<RuleSetCatalog>().InForceAt(TimeProvider.System);
        var leader = await ReferralScenarios.ActorAsync(db, atSchoolA ? town.LeaderA : town.LeaderB);
        var psych = await ReferralScenarios.ActorAsync(db, psychologist);

        // Steps a second apart and in the past, so a test's own steps come after them.
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        DateTimeOffset Next() => at = at.AddSeconds(1);

        var ppv = workflow.Request(Guid.NewGuid(), child, leader, "Skolen ønsker en vurdering af barnets behov for støtte.", rules, Next());
        if (stage >= PpvStage.AwaitingAssignment)
        {
            var consentAt = Next();
            workflow.RecordConsent(ppv, leader, child.GuardianIds.ToList(), ConsentScopes.All, consentAt, consentAt);
            workflow.Prioritise(ppv, leader, PpvPriority.Normal, DanishTime.Date(Next()), at);
        }
        if (stage >= PpvStage.Assigned)
            workflow.Assign(ppv, psych, psych, 0, null, rules, Next());
        if (stage >= PpvStage.Drafted)
        {
            var observed = Next();
            workflow.RecordNote(ppv, psych, PpvNoteKind.Observation, "Observation i klassen i dansk og matematik.", observed, Next());
            workflow.WriteDraft(ppv, psych, DraftText, Recommendations, Next());
        }
        if (stage >= PpvStage.InHearing)
            workflow.SendToHearing(ppv, psych, rules, Next());
        if (stage >= PpvStage.Final)
        {
            foreach (var guardian in child.GuardianIds)
                workflow.CommentOnHearing(ppv, psych, "Vi er enige i vurderingen.", Next(), guardian);
            workflow.Finalise(ppv, psych, "Forældrene er enige; udkastet er gjort endeligt uden ændringer.", Next());
        }
        db.Set<PpvCase>().Add(ppv);
        await db.SaveChangesAsync();
        return ppv;
    }

    /// <summary>Another child at <paramref name="school"/> with one new guardian, for filling a psychologist's queue.</summary>
    public static async Task<Child> ChildAtAsync(this VisitationApp app, School school, string name)
    {
        var guardian = new Guardian(Guid.NewGuid(), $"Forælder til {name}", NewCpr(new DateOnly(1975, 1, 1), 3000), "Prøvevej 20, 7100 Testby", null);
        // Born 2008-2012: TestMunicipality's children are born from 2014, so the numbers cannot collide.
        var child = new Child(Guid.NewGuid(), name, NewCpr(new DateOnly(2008, 1, 1), 1800), school.Id, [guardian.Id]);
        await app.WithDbAsync(async db =>
        {
            db.Guardians.Add(guardian);
            db.Children.Add(child);
            await db.SaveChangesAsync();
        });
        return child;
    }

    private static CprNumber NewCpr(DateOnly from, int days)
    {
        var random = new Random(Guid.NewGuid().GetHashCode());
        lock (CprGate)
        {
            while (true)
            {
                var cpr = CprNumber.Synthetic(from.AddDays(random.Next(days)), random);
                if (UsedCprs.Add(cpr.Value)) return cpr;
            }
        }
    }

    /// <summary>The signed-in person as the API resolves them.</summary>
    public static Task<Actor> ActorOfAsync(this VisitationApp app, AppUser user) =>
        app.WithDbAsync(db => ReferralScenarios.ActorAsync(db, user));
}

/// <summary>The system clock plus an offset a test may move, so the app lives through a deadline of days in a moment.</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
