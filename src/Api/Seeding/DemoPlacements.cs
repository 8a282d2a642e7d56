using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Placements;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Seeding;

/// <summary>
/// The demo municipality's placements: every placed child is registered by the committee as a placement
/// decided before the system, so each carries a revisitation due date from the first day. The last decisions
/// are spread evenly over the past year, so the revisitations fall due across the coming one; every hundredth
/// lies a little more than a year back, so the overdue list and its escalation have something to show. Drawn
/// from a random of its own, so the ids and names of everything else the seeder makes stay as they were.
/// </summary>
internal static class DemoPlacements
{
    private static readonly string[] Goals =
    [
        "Barnet deltager i undervisningen i sin stamklasse to dage om ugen.",
        "Barnet kan tage imod en besked fra en voksen og gå i gang med en opgave uden hjælp.",
        "Barnet indgår i leg med mindst én jævnaldrende i frikvartererne.",
        "Barnet læser alderssvarende tekster med forståelse.",
        "Barnet kan sige til, når noget bliver for svært, og bruge sin pauseplan.",
        "Barnet møder i skole hver dag og bliver hele skoledagen.",
    ];

    public static List<Placement> Register(IReadOnlyList<Child> placed, IEnumerable<SpecialOffer> offers, Actor committee, RuleSet rules, DateTimeOffset now)
    {
        var random = new Random(DemoMunicipality.RandomSeed + 4);
        var offerById = offers.ToDictionary(o => o.Id);
        var today = DanishTime.Date(now);
        var placements = new List<Placement>(placed.Count);
        for (var i = 0; i < placed.Count; i++)
        {
            var child = placed[i];
            var offer = offerById[child.CurrentOfferId!.Value];
            var lastDecision = i % 100 == 50
                ? today.AddMonths(-rules.Revisitation.MaxMonthsBetweenDecisions).AddDays(-random.Next(7, 22))
                : today.AddDays(-1 - i * 364 / placed.Count);
            var start = lastDecision.AddDays(-365 * random.Next(0, 4) + 14);
            if (start > today) start = today;
            var goals = Goals.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            placements.Add(Placement.Register(RandomId(random), child, offer, start, lastDecision, goals, committee, rules, now));
        }
        return placements;
    }

    /// <summary>
    /// The people the directory does not know, for each placement: a contact teacher (one of four per offer)
    /// and the offer's team, so the planner can invite everyone a meeting needs.
    /// </summary>
    public static List<PlacementPerson> People(IEnumerable<Placement> placements, IEnumerable<SpecialOffer> offers)
    {
        var random = new Random(DemoMunicipality.RandomSeed + 6);
        var offerById = offers.ToDictionary(o => o.Id);
        var teachers = new Dictionary<(Guid, int), Guid>();
        var teams = new Dictionary<Guid, Guid>();
        var people = new List<PlacementPerson>();
        foreach (var placement in placements)
        {
            var offer = offerById[placement.OfferId];
            var teacher = random.Next(4);
            if (!teachers.TryGetValue((offer.Id, teacher), out var teacherId)) teachers[(offer.Id, teacher)] = teacherId = RandomId(random);
            if (!teams.TryGetValue(offer.Id, out var teamId)) teams[offer.Id] = teamId = RandomId(random);
            people.Add(new PlacementPerson(RandomId(random), placement.Id, ParticipantRole.ContactTeacher, teacherId, $"Kontaktlærer {teacher + 1}, {offer.Name}"));
            people.Add(new PlacementPerson(RandomId(random), placement.Id, ParticipantRole.Team, teamId, $"Teamet i {offer.Name}"));
        }
        return people;
    }

    /// <summary>
    /// For a demo database seeded before placements existed: registers the placed children that have none.
    /// Does nothing once every placed child has a placement, so it is safe on every start.
    /// </summary>
    public static async Task<int> BackfillAsync(VisitationDbContext db, RuleSet rules, DateTimeOffset now, CancellationToken ct)
    {
        var withPlacement = db.Set<Placement>().Where(p => p.Status != PlacementStatus.Ended).Select(p => p.ChildId);
        var placed = await db.Children.Where(c => c.CurrentOfferId != null && !withPlacement.Contains(c.Id)).OrderBy(c => c.Cpr).ToListAsync(ct);
        if (placed.Count == 0) return 0;
        var member = await db.Users.AsNoTracking().Where(u => u.Role == Role.CommitteeMember).OrderBy(u => u.DisplayName).FirstOrDefaultAsync(ct);
        if (member is null) return 0;
        var offerIds = placed.Select(c => c.CurrentOfferId!.Value).Distinct().ToList();
        var offers = await db.Offers.AsNoTracking().Where(o => offerIds.Contains(o.Id)).ToListAsync(ct);
        var placements = Register(placed.Where(c => offers.Any(o => o.Id == c.CurrentOfferId && o.IsActive)).ToList(), offers,
            Actor.Committee(member.Id, member.DisplayName), rules, now);
        db.AddRange(placements);
        db.AddRange(People(placements, offers));
        await db.SaveChangesAsync(ct);
        return placements.Count;
    }

    public static Guid RandomId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
