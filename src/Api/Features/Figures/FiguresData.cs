using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Common;
using Visitation.Workflows.Figures;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Revisitation;

namespace Visitation.Api.Features.Figures;

/// <summary>
/// Projects the tables into the flat facts <see cref="SteeringFigures"/> computes from. Placements and
/// revisitation cases are read when their features have put them in the model; until then a child's
/// current offer (with the start date of the decision that placed the child there, when known) is its stay.
/// </summary>
public static class FiguresData
{
    private static readonly DateOnly LongAgo = new(2000, 1, 1);

    public static async Task<SteeringInput> LoadAsync(VisitationDbContext db, int schoolYearStartMonth, DateOnly today, CancellationToken ct)
    {
        var pupils = (await db.Set<SchoolEnrolment>().AsNoTracking().ToListAsync(ct))
            .Select(e => new SchoolPupils(e.SchoolId, new SchoolYear(e.SchoolYearStartYear, schoolYearStartMonth), e.Pupils))
            .ToList();
        var categories = await db.Offers.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Category, ct);

        var referralRows = await db.Referrals.AsNoTracking().Where(r => r.CompletedAt != null)
            .Select(r => new { r.Id, r.DistrictSchoolId, CompletedAt = r.CompletedAt!.Value, r.RoundId })
            .ToListAsync(ct);
        var referrals = referralRows.Select(r => new ReferralFact(r.Id, r.DistrictSchoolId, r.CompletedAt, r.RoundId)).ToList();
        var decisionRows = await db.Referrals.AsNoTracking()
            .SelectMany(r => r.Decisions, (r, d) => new { ReferralId = r.Id, r.ChildId, d.RoundId, d.Outcome, d.DecidedAt, d.OfferId, d.StartDate })
            .ToListAsync(ct);
        var decisions = decisionRows.Select(d => new DecisionFact(d.ReferralId, d.RoundId, d.Outcome, d.DecidedAt)).ToList();
        var rounds = (await db.Rounds.AsNoTracking().Select(r => new { r.Id, r.Name, r.CommitteeMeetingAt }).ToListAsync(ct))
            .Select(r => new RoundFact(r.Id, r.Name, r.CommitteeMeetingAt)).ToList();

        var stays = new List<OfferStay>();
        var returns = new List<ReturnFact>();
        var revisitations = new List<RevisitationFact>();
        var covered = new HashSet<(Guid Child, Guid Offer)>();
        if (db.Model.FindEntityType(typeof(Placement)) is not null)
        {
            var placements = await db.Set<Placement>().AsNoTracking()
                .Select(p => new
                {
                    p.ChildId, p.DistrictSchoolId, p.OfferId, p.StartDate, p.EndedAt, p.Status, p.OpenRevisitationCaseId, p.NextRevisitationDue,
                    PhaseOutKind = (PhaseOutKind?)p.PhaseOut!.Kind, PhaseOutEnd = (DateOnly?)p.PhaseOut!.EndDate,
                })
                .ToListAsync(ct);
            foreach (var p in placements)
            {
                DateOnly? to = p.EndedAt is { } ended ? DanishTime.Date(ended) : p.PhaseOutKind == PhaseOutKind.Full ? p.PhaseOutEnd : null;
                stays.Add(new OfferStay(p.ChildId, p.DistrictSchoolId, p.OfferId, categories.GetValueOrDefault(p.OfferId), p.StartDate, to));
                if (p.Status != PlacementStatus.Ended) covered.Add((p.ChildId, p.OfferId));
                if (p is { PhaseOutKind: { } kind, PhaseOutEnd: { } end })
                    returns.Add(new ReturnFact(p.ChildId, p.DistrictSchoolId, end, kind == PhaseOutKind.Full ? ReturnExtent.Full : ReturnExtent.Partial));
                // A due date passed with no revisitation case started is overdue too.
                if (p.Status != PlacementStatus.Ended && p.OpenRevisitationCaseId is null && p.NextRevisitationDue is { } due && due < today)
                    revisitations.Add(new RevisitationFact(p.ChildId, p.DistrictSchoolId, due, null));
            }
        }
        if (db.Model.FindEntityType(typeof(RevisitationCase)) is not null)
        {
            var cases = await db.Set<RevisitationCase>().AsNoTracking()
                .Select(c => new { c.ChildId, c.DistrictSchoolId, c.DueDate, c.CancellationReason, DecidedAt = (DateTimeOffset?)c.Decision!.DecidedAt })
                .ToListAsync(ct);
            revisitations.AddRange(cases
                .Where(c => c.DecidedAt is not null || c.CancellationReason is null)
                .Select(c => new RevisitationFact(c.ChildId, c.DistrictSchoolId, c.DueDate, c.DecidedAt is { } d ? DanishTime.Date(d) : null)));
        }

        // Children placed before the system (or before placements were recorded): the stay runs from the start date of
        // the latest placement decision for that offer, or from an unknown earlier day.
        var placed = await db.Children.AsNoTracking().Where(c => c.CurrentOfferId != null)
            .Select(c => new { c.Id, c.DistrictSchoolId, OfferId = c.CurrentOfferId!.Value }).ToListAsync(ct);
        var started = decisionRows
            .Where(d => d.Outcome == DecisionOutcome.Placement && d.OfferId is not null && d.StartDate is not null)
            .GroupBy(d => (d.ChildId, d.OfferId!.Value))
            .ToDictionary(g => g.Key, g => g.OrderBy(d => d.DecidedAt).Last().StartDate!.Value);
        foreach (var c in placed.Where(c => !covered.Contains((c.Id, c.OfferId))))
            stays.Add(new OfferStay(c.Id, c.DistrictSchoolId, c.OfferId, categories.GetValueOrDefault(c.OfferId),
                started.GetValueOrDefault((c.Id, c.OfferId), LongAgo), null));

        return new SteeringInput(pupils, stays, referrals, decisions, rounds, returns, revisitations);
    }
}
