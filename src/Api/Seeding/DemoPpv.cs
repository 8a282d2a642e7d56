using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Seeding;

/// <summary>
/// The demo municipality's PPV cases: a few children whose school is preparing a referral have a PPV with the
/// psychologist service, one in each stage (waiting for consent, partly consented, ready for the coordination
/// meeting, waiting for a psychologist, in assessment, in the parents' hearing, final). Each is driven through
/// the published PPV workflow as the demo school leader, parents and psychologist, at back-dated moments, so
/// its history, audit trail and deadlines are what the pages would have produced. Runs when the database has
/// no PPV case yet, so a demo seeded before PPVs existed gets them on its next start.
/// </summary>
internal static class DemoPpv
{
    private const string Synthetic = " (Syntetiske demodata.)";

    public static async Task<int> SeedAsync(VisitationDbContext db, WorkflowCatalog workflows, RuleSet rules, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Set<PpvCase>().AnyAsync(ct)) return 0;
        var workflow = workflows.Latest<PpvWorkflow>(PpvWorkflow.DefinitionKey);

        // Children whose school is still preparing the referral: the PPV is what the referral waits for.
        var preparing = await db.Referrals.AsNoTracking()
            .Where(r => r.State == ReferralState.Draft || r.State == ReferralState.Incomplete)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => r.ChildId).ToListAsync(ct);
        var children = await db.Children.AsNoTracking().Where(c => preparing.Contains(c.Id)).ToListAsync(ct);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.Role == Role.DistrictSchoolLeader || u.Role == Role.Psychologist || u.Role == Role.Guardian)
            .ToListAsync(ct);
        var guardianUsers = users.Where(u => u.GuardianId is not null).ToDictionary(u => u.GuardianId!.Value);
        // Every guardian must be able to sign in, so the parents' part of the demo can be played.
        var candidates = preparing.Select(id => children.Single(c => c.Id == id))
            .Where(c => c.GuardianIds.All(guardianUsers.ContainsKey))
            .ToList();
        var stages = Enum.GetValues<Stage>();
        if (candidates.Count < stages.Length) return 0;

        // Each psychologist team gets some of the cases in turn, so whichever demo psychologist signs in sees a queue.
        var psychologists = users.Where(u => u.Role == Role.Psychologist).OrderBy(u => u.DisplayName).ToList();
        AppUser PsychologistOf(Child child) => psychologists.First(u => u.ServedSchoolIds.Contains(child.DistrictSchoolId));
        var byTeam = candidates.GroupBy(c => PsychologistOf(c).Id).Select(g => g.ToList()).ToList();

        var random = new Random(DemoMunicipality.RandomSeed + 7);
        var active = new Dictionary<Guid, int>();
        var seeded = 0;
        for (var i = 0; i < stages.Length; i++)
        {
            var stage = stages[i];
            var team = Enumerable.Range(0, byTeam.Count).Select(t => byTeam[(i + t) % byTeam.Count]).First(q => q.Count > 0);
            // Partly consented needs two guardians, one of whom has consented; with none to be found, the stage is left out.
            var child = stage == Stage.PartlyConsented ? byTeam.SelectMany(q => q).FirstOrDefault(c => c.GuardianIds.Count == 2) : team[0];
            if (child is null) continue;
            foreach (var q in byTeam) q.Remove(child);

            var leaderUser = users.Single(u => u.Role == Role.DistrictSchoolLeader && u.SchoolId == child.DistrictSchoolId);
            var leader = (await Caller.ResolveAsync(db, leaderUser.Subject, ct))!;
            var psychologist = (await Caller.ResolveAsync(db, PsychologistOf(child).Subject, ct))!;
            var parents = new List<Actor>();
            foreach (var guardianId in child.GuardianIds)
                parents.Add((await Caller.ResolveAsync(db, guardianUsers[guardianId].Subject, ct))!);
            var ppv = Play(workflow, stage, child, leader, psychologist, active.GetValueOrDefault(psychologist.UserId), parents, rules, now,
                DemoPlacements.RandomId(random));
            if (PsychologistCapacity.IsActiveAssessment(ppv)) active[psychologist.UserId] = active.GetValueOrDefault(psychologist.UserId) + 1;
            db.Add(ppv);
            seeded++;
        }
        await db.SaveChangesAsync(ct);
        return seeded;
    }

    private enum Stage
    {
        Requested,
        PartlyConsented,
        AwaitingPrioritisation,
        AwaitingAssignment,
        InAssessment,
        InHearing,
        Final,
    }

    /// <summary>Takes one case from the school leader's request to <paramref name="stage"/>, each step on a working day in the past.</summary>
    /// <param name="activeAssessments">The psychologist's assessments in progress before this one, for the capacity check.</param>
    private static PpvCase Play(PpvWorkflow workflow, Stage stage, Child child, Actor leader, Actor psychologist, int activeAssessments,
        IReadOnlyList<Actor> parents, RuleSet rules, DateTimeOffset now, Guid id)
    {
        var today = DanishTime.Date(now);
        // How long ago the request was made: the further the case has come, the longer ago.
        var start = stage switch
        {
            Stage.Requested => 2,
            Stage.PartlyConsented => 4,
            Stage.AwaitingPrioritisation => 8,
            Stage.AwaitingAssignment => 15,
            Stage.InAssessment => 30,
            Stage.InHearing => 45,
            _ => 70,
        };
        DateTimeOffset At(int daysAgo, int hour) => Local(today.AddDays(-daysAgo), hour);

        var first = child.Name.Split(' ')[0];
        var ppv = workflow.Request(id, child, leader,
            $"Skolen ønsker en vurdering af {first}s forudsætninger for at deltage i undervisningen og fællesskabet i klassen. "
            + $"{first} har trods støtte i dansk og matematik og en pauseplan svært ved at komme i gang med opgaver og ved at indgå i gruppearbejde."
            + Synthetic, rules, At(start, 9));
        if (stage == Stage.Requested) return ppv;

        var consentAt = At(start - 1, 19);
        if (stage == Stage.PartlyConsented)
        {
            workflow.RecordConsent(ppv, parents[0], [parents[0].GuardianId!.Value], ConsentScopes.Assessment, consentAt, consentAt);
            return ppv;
        }
        foreach (var parent in parents)
            workflow.RecordConsent(ppv, parent, [parent.GuardianId!.Value], ConsentScopes.All, consentAt, consentAt.AddMinutes(5));
        if (stage == Stage.AwaitingPrioritisation) return ppv;

        var meeting = today.AddDays(-(start - 3));
        workflow.Prioritise(ppv, leader, stage == Stage.AwaitingAssignment ? PpvPriority.High : PpvPriority.Normal, meeting, Local(meeting, 14));
        if (stage == Stage.AwaitingAssignment) return ppv;

        var assignedAt = At(start - 4, 10);
        workflow.Assign(ppv, psychologist, psychologist, activeAssessments, null, rules, assignedAt);
        workflow.RecordNote(ppv, psychologist, PpvNoteKind.Observation,
            $"Observation i klassen i en dansktime. {first} gik i gang med opgaven efter en personlig besked og arbejdede koncentreret i ti minutter; "
            + "i gruppearbejdet trak barnet sig og tog ikke ordet." + Synthetic, At(start - 6, 9), At(start - 6, 13));
        workflow.RecordNote(ppv, psychologist, PpvNoteKind.ConversationWithParents,
            $"Samtale med forældrene om {first}s trivsel hjemme og i skolen. Forældrene fortæller, at {first} er træt efter skoledagen og nævner uro i klassen." + Synthetic,
            At(start - 8, 15), At(start - 8, 16));
        if (stage == Stage.InAssessment) return ppv;

        workflow.RecordNote(ppv, psychologist, PpvNoteKind.ConversationWithChild,
            $"Samtale med {first}, som fortæller, at det er svært at koncentrere sig, når der er larm, og at frikvartererne er det bedste ved skolen." + Synthetic,
            At(start - 10, 10), At(start - 10, 11));
        workflow.WriteDraft(ppv, psychologist,
            $"{first} har alderssvarende forudsætninger for at lære, men har brug for struktur og få skift for at komme i gang og holde fokus. "
            + "Vanskelighederne viser sig især i større grupper og ved uforudsete skift; i mindre grupper og med en tydelig plan deltager barnet aktivt." + Synthetic,
            "1. En visuel dagsplan og en fast voksen ved skift.\n2. Undervisning i mindre grupper i dansk og matematik.\n3. Opfølgning med forældrene hver sjette uge." + Synthetic,
            At(start - 14, 14));
        var sentAt = stage == Stage.InHearing ? At(3, 10) : At(start - 15, 10);
        workflow.SendToHearing(ppv, psychologist, rules, sentAt);
        if (stage == Stage.InHearing) return ppv;

        // Final: one parent commented; the reply deadline passed, and the psychologist made the PPV final.
        workflow.CommentOnHearing(ppv, parents[0],
            $"Vi kan genkende beskrivelsen. Vi vil gerne have med, at {first} har det bedre i skolen, når dagen starter roligt." + Synthetic, sentAt.AddDays(4));
        var deadline = ppv.Hearings[^1].ReplyDeadline;
        workflow.Finalise(ppv, psychologist,
            "Forældrenes bemærkning om en rolig start på dagen er indarbejdet i anbefalingen om en fast voksen ved skift." + Synthetic,
            deadline.AddDays(2).AddHours(-10));
        return ppv;
    }

    private static DateTimeOffset Local(DateOnly date, int hour)
    {
        var local = date.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
