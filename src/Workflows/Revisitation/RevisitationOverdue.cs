using Visitation.Workflows.Access;
using Visitation.Workflows.Common;

namespace Visitation.Workflows.Revisitation;

// Inside the namespace, so 'Placement' is this aggregate even if a sibling namespace named Placement appears.
using Visitation.Workflows.Placements;

/// <summary>A placed child whose revisitation decision is past its due date.</summary>
public sealed record OverdueRevisitation(
    Guid PlacementId,
    Guid ChildId,
    Guid OfferId,
    Guid DistrictSchoolId,
    DateOnly DueDate,
    int DaysOverdue,
    Guid? CaseId,
    RevisitationState? CaseState);

/// <summary>One offer's overdue revisitations, most overdue first.</summary>
public sealed record OfferOverdue(Guid OfferId, IReadOnlyList<OverdueRevisitation> Items)
{
    public int Count => Items.Count;
    public int MostDaysOverdue => Items.Count == 0 ? 0 : Items.Max(i => i.DaysOverdue);
}

/// <summary>The overdue revisitations on <see cref="Today"/>: municipality-wide and per offer.</summary>
public sealed record OverdueList(DateOnly Today, IReadOnlyList<OverdueRevisitation> All, IReadOnlyList<OfferOverdue> PerOffer)
{
    public OfferOverdue ForOffer(Guid offerId) =>
        PerOffer.FirstOrDefault(o => o.OfferId == offerId) ?? new OfferOverdue(offerId, []);

    /// <summary>
    /// What <paramref name="actor"/> may see of it: the committee everything, an offer leader their
    /// offer's children, a district school leader (and the psychologist serving the school) their
    /// district's children in any offer.
    /// </summary>
    public OverdueList VisibleTo(Actor actor)
    {
        Func<OverdueRevisitation, bool> visible = actor.Role switch
        {
            Role.CommitteeMember => _ => true,
            Role.OfferLeader => i => i.OfferId == actor.OfferId,
            Role.DistrictSchoolLeader or Role.Psychologist => i => actor.SchoolIds.Contains(i.DistrictSchoolId),
            _ => _ => false,
        };
        return RevisitationOverdue.Build(Today, All.Where(visible));
    }
}

/// <summary>The overdue list as a pure function of the placements (and their open cases) and the day.</summary>
public static class RevisitationOverdue
{
    public static OverdueList List(IEnumerable<Placement> placements, IEnumerable<RevisitationCase> openCases, TimeProvider clock) =>
        List(placements, openCases, DanishTime.Date(clock.GetUtcNow()));

    public static OverdueList List(IEnumerable<Placement> placements, IEnumerable<RevisitationCase> openCases, DateOnly today)
    {
        var cases = openCases.Where(c => c.IsOpen).ToDictionary(c => c.Id);
        var items = placements
            .Where(p => RevisitationDue.IsOverdue(p.NextRevisitationDue, today))
            .Select(p =>
            {
                var open = p.OpenRevisitationCaseId is { } id && cases.TryGetValue(id, out var c) ? c : null;
                return new OverdueRevisitation(p.Id, p.ChildId, p.OfferId, p.DistrictSchoolId, p.NextRevisitationDue!.Value,
                    RevisitationDue.DaysOverdue(p.NextRevisitationDue.Value, today), open?.Id ?? p.OpenRevisitationCaseId, open?.State);
            });
        return Build(today, items);
    }

    internal static OverdueList Build(DateOnly today, IEnumerable<OverdueRevisitation> items)
    {
        var all = items.OrderByDescending(i => i.DaysOverdue).ThenBy(i => i.PlacementId).ToList();
        var perOffer = all.GroupBy(i => i.OfferId)
            .Select(g => new OfferOverdue(g.Key, g.ToList()))
            .OrderByDescending(o => o.Count).ThenBy(o => o.OfferId)
            .ToList();
        return new OverdueList(today, all, perOffer);
    }
}
