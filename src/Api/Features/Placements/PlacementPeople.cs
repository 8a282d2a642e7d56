using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Revisitation;

namespace Visitation.Api.Features.Placements;

/// <summary>
/// A person around a placed child, in the role they have for that child: most of all the contact teacher
/// and the team, whom the municipality's user directory does not know. The planner invites them; it is
/// directory data (like <see cref="Infrastructure.Auth.AppUser"/>), not a case, so it is kept beside the
/// placement rather than in it.
/// </summary>
public sealed class PlacementPerson
{
    public Guid Id { get; private set; }
    public Guid PlacementId { get; private set; }
    public ParticipantRole Role { get; private set; }
    public Guid PersonId { get; private set; }
    public string Name { get; private set; } = "";

    private PlacementPerson() { }

    public PlacementPerson(Guid id, Guid placementId, ParticipantRole role, Guid personId, string name)
    {
        Id = id;
        PlacementId = placementId;
        Role = role;
        PersonId = personId;
        Name = name;
    }
}

/// <summary>A meeting as sent in a request: when, who (role by name) and the minutes.</summary>
public sealed record MeetingBody(DateTimeOffset? HeldAt, IReadOnlyList<ParticipantBody>? Participants, string? Minutes)
{
    /// <summary>The domain's input; a missing time or an unknown role is refused in Danish, the rest is the domain's to check.</summary>
    public static MeetingInput? ToInput(MeetingBody? body, string field = "meeting")
    {
        if (body is null) return null;
        var heldAt = body.HeldAt ?? throw new InvalidInputException($"{field}.heldAt", "Angiv hvornår mødet blev holdt (heldAt).");
        var participants = (body.Participants ?? [])
            .Select(p => new ParticipantInput(ParticipantBody.ParseRole(p?.Role, $"{field}.participants"), p?.Name ?? "", p?.PersonId))
            .ToList();
        return new MeetingInput(heldAt, participants, body.Minutes ?? "");
    }
}

public sealed record ParticipantBody(string? Role, string? Name, Guid? PersonId)
{
    public static ParticipantRole ParseRole(string? role, string field) =>
        Enum.TryParse<ParticipantRole>(role, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(role, out _)
            ? parsed
            : throw new InvalidInputException(field,
                $"Ukendt deltagerrolle '{role}'. Mulige: {string.Join(", ", Enum.GetValues<ParticipantRole>().Select(r => $"{r} ({r.Danish()})"))}.");
}

/// <summary>The people around placed children, as the planner needs them: stored ones first, the rest from the directory.</summary>
public static class PlacementPeopleDirectory
{
    /// <summary>
    /// The people of each placement: those entered for it (contact teacher, team, ...) and, for every
    /// role not entered, who the system knows: the child, the guardians, the offer leader, the district
    /// school leader and a psychologist serving the district school.
    /// </summary>
    public static async Task<Dictionary<Guid, IReadOnlyList<PlanPerson>>> ForAsync(VisitationDbContext db, IReadOnlyCollection<Placement> placements,
        CancellationToken ct)
    {
        var placementIds = placements.Select(p => p.Id).ToList();
        var childIds = placements.Select(p => p.ChildId).Distinct().ToList();
        var offerIds = placements.Select(p => p.OfferId).Distinct().ToList();
        var schoolIds = placements.Select(p => p.DistrictSchoolId).Distinct().ToList();
        var stored = await db.Set<PlacementPerson>().AsNoTracking().Where(p => placementIds.Contains(p.PlacementId)).ToListAsync(ct);
        var children = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var guardianIds = children.Values.SelectMany(c => c.GuardianIds).Distinct().ToList();
        var guardians = await db.Guardians.AsNoTracking().Where(g => guardianIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        var users = await db.Users.AsNoTracking()
            .Where(u => (u.Role == Role.OfferLeader && u.OfferId != null && offerIds.Contains(u.OfferId.Value))
                        || (u.Role == Role.DistrictSchoolLeader && u.SchoolId != null && schoolIds.Contains(u.SchoolId.Value))
                        || u.Role == Role.Psychologist)
            .OrderBy(u => u.DisplayName)
            .ToListAsync(ct);

        var result = new Dictionary<Guid, IReadOnlyList<PlanPerson>>();
        foreach (var placement in placements)
        {
            var people = stored.Where(s => s.PlacementId == placement.Id).Select(s => new PlanPerson(s.Role, s.PersonId, s.Name)).ToList();
            void AddIfMissing(ParticipantRole role, IEnumerable<PlanPerson> found)
            {
                if (people.All(p => p.Role != role)) people.AddRange(found);
            }
            if (children.TryGetValue(placement.ChildId, out var child))
            {
                AddIfMissing(ParticipantRole.Pupil, [new PlanPerson(ParticipantRole.Pupil, child.Id, child.Name)]);
                AddIfMissing(ParticipantRole.Guardian, child.GuardianIds.Where(guardians.ContainsKey)
                    .Select(g => new PlanPerson(ParticipantRole.Guardian, g, guardians[g].Name)));
            }
            AddIfMissing(ParticipantRole.OfferLeader, users.Where(u => u.Role == Role.OfferLeader && u.OfferId == placement.OfferId).Take(1)
                .Select(u => new PlanPerson(ParticipantRole.OfferLeader, u.Id, u.DisplayName)));
            AddIfMissing(ParticipantRole.DistrictSchoolLeader, users.Where(u => u.Role == Role.DistrictSchoolLeader && u.SchoolId == placement.DistrictSchoolId).Take(1)
                .Select(u => new PlanPerson(ParticipantRole.DistrictSchoolLeader, u.Id, u.DisplayName)));
            AddIfMissing(ParticipantRole.Psychologist, users.Where(u => u.Role == Role.Psychologist && u.ServedSchoolIds.Contains(placement.DistrictSchoolId)).Take(1)
                .Select(u => new PlanPerson(ParticipantRole.Psychologist, u.Id, u.DisplayName)));
            result[placement.Id] = people;
        }
        return result;
    }
}
