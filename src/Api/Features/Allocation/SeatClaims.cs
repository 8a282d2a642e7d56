using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Allocation;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Features.Allocation;

/// <summary>The committee's explicit decision to overfill a full offer, with its reason (placement decisions, at a meeting or not).</summary>
public sealed record CapacityOverrideRequest(string? Reason)
{
    public CapacityOverride ToDomain() => new(Reason ?? "");
}

/// <summary>
/// Who holds a seat in which offer, read from the database for the <see cref="CapacityLedger"/>: running
/// placements (with a planned full return as their end), placement decisions whose start lies ahead, and
/// children whose current offer is known but who have no placement record (placed before the system).
/// A child holds at most one seat per offer: the most specific source wins, in that order.
/// </summary>
public static class SeatClaims
{
    /// <summary>A placement known only from <c>Child.CurrentOfferId</c> started at an unknown date: long ago.</summary>
    private static readonly DateOnly LongAgo = new(2000, 1, 1);

    /// <param name="offerId">Only the claims on this offer (e.g. to check one placement decision); all offers when null.</param>
    /// <param name="exceptChildren">Children being placed anew: the seats they hold now are given up by the new placement
    /// (which ends the earlier one), so they are not counted against it.</param>
    public static async Task<IReadOnlyList<SeatClaim>> LoadAsync(VisitationDbContext db, DateOnly today, CancellationToken ct, Guid? offerId = null,
        IReadOnlyCollection<Guid>? exceptChildren = null)
    {
        var except = exceptChildren?.ToHashSet() ?? [];
        var claims = new List<SeatClaim>();
        var held = new HashSet<(Guid Child, Guid Offer)>();
        var decisionsWithPlacement = new HashSet<Guid>();

        // The placement aggregate is persisted by the placements feature; while its mapping is not in the model
        // the decisions and children below carry the same facts. Only the columns the ledger needs are read.
        if (db.Model.FindEntityType(typeof(Placement)) is not null)
        {
            var open = db.Set<Placement>().AsNoTracking().Where(p => p.Status != PlacementStatus.Ended);
            if (offerId is { } only) open = open.Where(p => p.OfferId == only);
            var placements = await open
                .Select(p => new
                {
                    p.Id, p.ChildId, p.OfferId, p.StartDate, p.DecisionId,
                    PhaseOutKind = (PhaseOutKind?)p.PhaseOut!.Kind, PhaseOutEnd = (DateOnly?)p.PhaseOut!.EndDate,
                })
                .ToListAsync(ct);
            foreach (var p in placements.Where(p => !except.Contains(p.ChildId)))
            {
                var to = p.PhaseOutKind == PhaseOutKind.Full ? p.PhaseOutEnd : null;
                claims.Add(new SeatClaim(p.OfferId, p.StartDate, to, p.Id));
                held.Add((p.ChildId, p.OfferId));
                if (p.DecisionId is { } decisionId) decisionsWithPlacement.Add(decisionId);
            }
        }

        // SelectMany with a result selector joins the owned rows (SQLite has no APPLY for a correlated projection).
        var decided = db.Referrals.AsNoTracking()
            .Where(r => r.State == ReferralState.Decided)
            .SelectMany(r => r.Decisions, (r, d) => new { r.ChildId, DecisionId = d.Id, d.Outcome, d.OfferId, d.StartDate })
            .Where(d => d.Outcome == DecisionOutcome.Placement && d.OfferId != null && d.StartDate != null && d.StartDate > today);
        if (offerId is { } offer) decided = decided.Where(d => d.OfferId == offer);
        var pending = await decided
            .Select(d => new { d.ChildId, d.DecisionId, OfferId = d.OfferId!.Value, StartDate = d.StartDate!.Value })
            .ToListAsync(ct);
        foreach (var d in pending.Where(d => !decisionsWithPlacement.Contains(d.DecisionId) && !except.Contains(d.ChildId)))
            if (held.Add((d.ChildId, d.OfferId)))
                claims.Add(new SeatClaim(d.OfferId, d.StartDate, null, d.DecisionId));

        var children = db.Children.AsNoTracking().Where(c => c.CurrentOfferId != null);
        if (offerId is { } of) children = children.Where(c => c.CurrentOfferId == of);
        var placed = await children.Select(c => new { c.Id, OfferId = c.CurrentOfferId!.Value }).ToListAsync(ct);
        foreach (var c in placed.Where(c => !except.Contains(c.Id)))
            if (held.Add((c.Id, c.OfferId)))
                claims.Add(new SeatClaim(c.OfferId, LongAgo, null, c.Id));
        return claims;
    }

    /// <summary>The ledger over every offer (active or not), or over one, with the seats held now.</summary>
    public static async Task<(CapacityLedger Ledger, List<SpecialOffer> Offers)> LedgerAsync(VisitationDbContext db, RuleSet rules, DateOnly today,
        CancellationToken ct, Guid? offerId = null, IReadOnlyCollection<Guid>? exceptChildren = null)
    {
        var offers = await (offerId is { } only ? db.Offers.AsNoTracking().Where(o => o.Id == only) : db.Offers.AsNoTracking()).ToListAsync(ct);
        var claims = await LoadAsync(db, today, ct, offerId, exceptChildren);
        return (CapacityLedger.For(offers, claims, rules), offers);
    }
}
