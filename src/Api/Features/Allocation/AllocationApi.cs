using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Allocation;
using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Features.Allocation;

/// <summary>
/// Seats per offer per school year, and placement suggestions for a round. A suggestion is read-only:
/// it changes no referral, decision or seat; the committee decides at its meeting.
/// </summary>
public static class AllocationApi
{
    public sealed record OfferCapacityView(Guid OfferId, string OfferName, CodeAndText Category, Guid HostSchoolId, string HostSchoolName, bool IsActive,
        string SchoolYear, int Seats, int TakenAtStart, int PeakTaken, int Pending, int PhasingOut, int SeatsLeft);
    public sealed record CapacityView(int SchoolYear, string SchoolYearName, DateOnly AsOf, int Seats, int SeatsLeft, IReadOnlyList<OfferCapacityView> Offers);

    public sealed record AlternativeView(Guid OfferId, string OfferName, CodeAndText Category, double DistanceKm, int SeatsLeftBefore, int SeatsLeftAfter);
    public sealed record SuggestionView(int? AgendaNumber, Guid ReferralId, Guid ChildId, string ChildName, string DistrictSchoolName, int Track, string TrackName,
        Guid OfferId, string OfferName, CodeAndText Category, double DistanceKm, int SeatsLeftBefore, int SeatsLeftAfter,
        IReadOnlyList<CodeAndText> FittingCategories, IReadOnlyList<AlternativeView> Alternatives, string Explanation);
    public sealed record UnplacedView(int? AgendaNumber, Guid ReferralId, Guid ChildId, string ChildName, string DistrictSchoolName, int Track, string TrackName,
        IReadOnlyList<CodeAndText> FittingCategories, IReadOnlyList<AlternativeView> Alternatives, string Reason);
    /// <summary>The child-by-child baseline on the same input, for comparison: how far the least-total-distance suggestion improves on it.</summary>
    public sealed record BaselineView(string Method, int Placed, double TotalDistanceKm);
    public sealed record SuggestionsView(Guid RoundId, string RoundName, DateOnly StartDate, string Method, string Notice, int Children, int Placed,
        double TotalDistanceKm, BaselineView NearestFirst, IReadOnlyList<SuggestionView> Suggestions, IReadOnlyList<UnplacedView> Unplaced);

    public static RouteGroupBuilder MapAllocationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Kapacitet og placeringsforslag");
        group.MapGet("/capacity", CapacityAsync);
        group.MapGet("/rounds/{id:guid}/suggestions", SuggestionsAsync);
        return group;
    }

    /// <summary>Seats per offer through a school year (default: the current one), as of today.</summary>
    private static async Task<Ok<CapacityView>> CapacityAsync(Caller caller, VisitationDbContext db, RuleSetCatalog rules, TimeProvider clock,
        CancellationToken ct, [FromQuery] int? schoolYear = null)
    {
        caller.Require(Role.CommitteeMember, Role.Administrator, Role.OfferLeader, Role.DistrictSchoolLeader, Role.Psychologist);
        var ruleSet = rules.InForceAt(clock);
        var today = DanishTime.Date(clock.GetUtcNow());
        var year = schoolYear is { } start ? new SchoolYear(start, ruleSet.Rounds.SchoolYearStartMonth) : SchoolYear.Containing(today, ruleSet.Rounds.SchoolYearStartMonth);
        var (ledger, offers) = await SeatClaims.LedgerAsync(db, ruleSet, today, ct);
        var schools = await db.Schools.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var rows = offers
            .OrderBy(o => o.Category).ThenBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => (Offer: o, Year: ledger.ForSchoolYear(o.Id, year, today)))
            .Select(x => new OfferCapacityView(x.Offer.Id, x.Offer.Name, new(x.Offer.Category.ToString(), x.Offer.Category.Danish()), x.Offer.HostSchoolId,
                schools.GetValueOrDefault(x.Offer.HostSchoolId, ""), x.Offer.IsActive, year.Name, x.Year.Seats, x.Year.TakenAtStart, x.Year.PeakTaken,
                x.Year.Pending, x.Year.PhasingOut, x.Year.SeatsLeft))
            .ToList();
        return TypedResults.Ok(new CapacityView(year.StartYear, year.Name, today, rows.Where(r => r.IsActive).Sum(r => r.Seats),
            rows.Where(r => r.IsActive).Sum(r => Math.Max(0, r.SeatsLeft)), rows));
    }

    /// <summary>
    /// Suggested offers for the round's triaged cases not yet decided: least total distance from district school to host
    /// school over the whole round (min-cost flow), within category fit and the seats left from <c>startDate</c>
    /// (default: the day after the committee meeting). Each suggestion is explained with its alternatives.
    /// </summary>
    private static async Task<Ok<SuggestionsView>> SuggestionsAsync(Guid id, Caller caller, VisitationDbContext db, RuleSetCatalog rules,
        TimeProvider clock, AuditLog audit, CancellationToken ct, [FromQuery] DateOnly? startDate = null)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("Runden");
        var view = await SuggestAsync(db, rules, clock, round, startDate, ct);
        foreach (var (referralId, childId) in view.Suggestions.Select(s => (s.ReferralId, s.ChildId)).Concat(view.Unplaced.Select(u => (u.ReferralId, u.ChildId))))
            audit.Read(actor, childId, "Henvisning", referralId, SuggestionReadNote(round));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(view);
    }

    internal static string SuggestionReadNote(VisitationRound round) => $"Så forslaget til placering for {round.Name}.";

    /// <summary>
    /// The round's suggestion, computed over all its undecided cases. Logs nothing: the caller logs a read for each
    /// child it shows (the endpoint every child of the round; the case page only its own).
    /// </summary>
    internal static async Task<SuggestionsView> SuggestAsync(VisitationDbContext db, RuleSetCatalog rules, TimeProvider clock, VisitationRound round,
        DateOnly? startDate, CancellationToken ct)
    {
        var id = round.Id;
        var ruleSet = rules.InForceAt(clock);
        var today = DanishTime.Date(clock.GetUtcNow());
        var start = startDate ?? DanishTime.Date(round.CommitteeMeetingAt).AddDays(1);
        if (start < today) start = today;

        var referrals = await db.Referrals.AsNoTracking().AsSplitQuery().Where(r => r.RoundId == id).ToListAsync(ct);
        var agenda = CommitteeAgenda.For(round, referrals);
        var schools = await db.Schools.AsNoTracking().ToListAsync(ct);
        var (ledger, offers) = await SeatClaims.LedgerAsync(db, ruleSet, today, ct);
        var children = SuggestionInput.Children(agenda, schools);
        var offerSeats = SuggestionInput.Offers(offers, schools, ledger, start);
        var suggestion = new PlacementSuggester().Suggest(children, offerSeats);
        var baseline = new GreedySuggester().Suggest(children, offerSeats);

        var childIds = agenda.Items.Select(i => i.ChildId).ToList();
        var names = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var schoolNames = schools.ToDictionary(s => s.Id, s => s.Name);
        var items = agenda.Items.ToDictionary(i => i.ReferralId);
        var view = new SuggestionsView(round.Id, round.Name, start, suggestion.Method.ToString(), RoundSuggestion.Notice, children.Count,
            suggestion.Placements.Count, Math.Round(suggestion.TotalDistanceKm, 1),
            new BaselineView(baseline.Method.ToString(), baseline.Placements.Count, Math.Round(baseline.TotalDistanceKm, 1)),
            suggestion.Placements.Select(p =>
            {
                var item = items[p.ReferralId];
                return new SuggestionView(item.Number, p.ReferralId, item.ChildId, names.GetValueOrDefault(item.ChildId, ""),
                    schoolNames.GetValueOrDefault(item.DistrictSchoolId, ""), (int)item.Track, item.Track.Danish(), p.OfferId, p.OfferName,
                    Category(p.Category), Math.Round(p.DistanceKm, 1), p.SeatsLeftBefore, p.SeatsLeftAfter,
                    p.FittingCategories.Select(Category).ToList(), p.Alternatives.Select(ToView).ToList(), p.Explanation);
            }).OrderBy(s => s.AgendaNumber).ToList(),
            suggestion.Unplaced.Select(u =>
            {
                var item = items[u.ReferralId];
                return new UnplacedView(item.Number, u.ReferralId, item.ChildId, names.GetValueOrDefault(item.ChildId, ""),
                    schoolNames.GetValueOrDefault(item.DistrictSchoolId, ""), (int)u.Track, u.Track.Danish(),
                    u.FittingCategories.Select(Category).ToList(), u.Alternatives.Select(ToView).ToList(), u.Reason);
            }).OrderBy(u => u.AgendaNumber).ToList());
        return view;
    }

    private static AlternativeView ToView(SuggestionAlternative a) =>
        new(a.OfferId, a.OfferName, Category(a.Category), Math.Round(a.DistanceKm, 1), a.SeatsLeftBefore, a.SeatsLeftAfter);

    private static CodeAndText Category(OfferCategory c) => new(c.ToString(), c.Danish());
}
