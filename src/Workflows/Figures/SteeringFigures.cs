using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Figures;

// ---- Input: the few facts the figures need, each a flat record the edge can project from its tables. ----

/// <summary>Pupils enrolled at a district school in a school year: the denominator of the segregation share.</summary>
public sealed record SchoolPupils(Guid SchoolId, SchoolYear Year, int Pupils);

/// <summary>A child's stay in a special offer, counted under the child's district school.</summary>
/// <param name="To">Last day in the offer, inclusive; null while the stay goes on.</param>
public sealed record OfferStay(Guid ChildId, Guid DistrictSchoolId, Guid OfferId, OfferCategory Category, DateOnly From, DateOnly? To);

/// <summary>A referral submitted complete.</summary>
/// <param name="SubmittedAt">When it was submitted complete (the clock of "time to decision" starts here).</param>
/// <param name="RoundId">The round it belongs to now; after a postponement, the later round.</param>
public sealed record ReferralFact(Guid ReferralId, Guid DistrictSchoolId, DateTimeOffset SubmittedAt, Guid? RoundId);

/// <summary>A committee decision on a referral; a postponement is one too and belongs to the round it was postponed from.</summary>
public sealed record DecisionFact(Guid ReferralId, Guid RoundId, DecisionOutcome Outcome, DateTimeOffset DecidedAt);

/// <summary>A round, placed in the school year of its committee meeting.</summary>
public sealed record RoundFact(Guid RoundId, string Name, DateTimeOffset CommitteeMeetingAt);

public enum ReturnExtent
{
    /// <summary>The child is back in the general school full time; the stay in the offer ends.</summary>
    Full,
    /// <summary>Part of the week back in the general school (delvis udslusning).</summary>
    Partial,
}

/// <summary>A return (udslusning) to the general school, counted under the child's district school.</summary>
public sealed record ReturnFact(Guid ChildId, Guid DistrictSchoolId, DateOnly On, ReturnExtent Extent);

/// <summary>A revisitation decision that fell due (at least yearly, bekendtgørelsen § 7, stk. 1).</summary>
public sealed record RevisitationFact(Guid ChildId, Guid DistrictSchoolId, DateOnly DueOn, DateOnly? DecidedOn);

/// <summary>Everything the figures are computed from. Every list may be empty.</summary>
public sealed record SteeringInput(
    IReadOnlyList<SchoolPupils> Pupils,
    IReadOnlyList<OfferStay> Stays,
    IReadOnlyList<ReferralFact> Referrals,
    IReadOnlyList<DecisionFact> Decisions,
    IReadOnlyList<RoundFact> Rounds,
    IReadOnlyList<ReturnFact> Returns,
    IReadOnlyList<RevisitationFact> Revisitations);

/// <param name="CensusMonth">With <paramref name="CensusDay"/>: the day the segregation share is counted; 5 September is the day of
/// the national school census.</param>
/// <param name="SegregatedCategories">The offer categories counted as segregated; all of them unless told otherwise.</param>
public sealed record SteeringOptions(int CensusMonth = 9, int CensusDay = 5,
    IReadOnlySet<OfferCategory>? SegregatedCategories = null)
{
    public DateOnly CensusDate(SchoolYear year)
    {
        var census = new DateOnly(year.StartYear, CensusMonth, CensusDay);
        return year.Contains(census) ? census : census.AddYears(1);
    }

    public bool IsSegregated(OfferCategory category) => SegregatedCategories?.Contains(category) ?? true;
}

// ---- Output ----

/// <param name="Share">InSegregatedOffers / Pupils; null without pupil numbers.</param>
public sealed record SegregationFigures(int Pupils, int InSegregatedOffers, double? Share);

/// <param name="Undecided">Referrals in the round with no decision from it yet.</param>
public sealed record RoundOutcomes(Guid RoundId, string RoundName, DateTimeOffset CommitteeMeetingAt, int Referrals, int Placements,
    int ReturnsToGeneral, int Postponements, int Undecided);

/// <summary>Durations in whole days; null median and mean when there is nothing to measure.</summary>
public sealed record DurationFigures(int Count, double? MedianDays, double? MeanDays);

public sealed record ReturnFigures(int Full, int Partial)
{
    public int Total => Full + Partial;
}

/// <param name="Due">Revisitations due in the school year up to the day of the report, or decided already.</param>
/// <param name="OnTime">Decided on or before the due date.</param>
/// <param name="Late">Decided after the due date.</param>
/// <param name="Overdue">Past due and not decided.</param>
/// <param name="ShareOnTime">OnTime / Due; null when nothing was due.</param>
public sealed record RevisitationFigures(int Due, int OnTime, int Late, int Overdue, double? ShareOnTime);

public sealed record FigureSet(SegregationFigures Segregation, IReadOnlyList<RoundOutcomes> ReferralsByRound, DurationFigures TimeToDecision,
    DurationFigures TimeInOffer, ReturnFigures Returns, RevisitationFigures Revisitations);

public sealed record SchoolFigures(Guid SchoolId, FigureSet Figures);

public sealed record SteeringReport(SchoolYear Year, DateOnly CensusDate, DateOnly AsOf, FigureSet Municipality, IReadOnlyList<SchoolFigures> Schools);

/// <summary>
/// The administration's steering figures, per district school and for the whole municipality, per school
/// year. Pure functions over <see cref="SteeringInput"/>: what is counted where is stated on each.
/// </summary>
public static class SteeringFigures
{
    /// <summary>The report for one school year, as things stood on <paramref name="asOf"/>.</summary>
    public static SteeringReport Report(SteeringInput input, SchoolYear year, DateOnly asOf, SteeringOptions? options = null)
    {
        options ??= new SteeringOptions();
        var schoolOf = input.Referrals.GroupBy(r => r.ReferralId).ToDictionary(g => g.Key, g => g.First().DistrictSchoolId);
        var schools = input.Pupils.Select(p => p.SchoolId)
            .Concat(input.Stays.Select(s => s.DistrictSchoolId))
            .Concat(input.Referrals.Select(r => r.DistrictSchoolId))
            .Concat(input.Returns.Select(r => r.DistrictSchoolId))
            .Concat(input.Revisitations.Select(r => r.DistrictSchoolId))
            .Distinct()
            .Order()
            .ToList();
        return new SteeringReport(year, options.CensusDate(year), asOf,
            Compute(input, year, asOf, options, schoolOf, _ => true),
            schools.Select(id => new SchoolFigures(id, Compute(input, year, asOf, options, schoolOf, s => s == id))).ToList());
    }

    /// <summary>Reports for several school years, oldest first.</summary>
    public static IReadOnlyList<SteeringReport> Reports(SteeringInput input, IEnumerable<SchoolYear> years, DateOnly asOf, SteeringOptions? options = null) =>
        years.Distinct().OrderBy(y => y.FirstDay).Select(y => Report(input, y, asOf, options)).ToList();

    /// <summary>Children in a segregated offer on the census day, against the pupils of their district schools.</summary>
    public static SegregationFigures Segregation(IEnumerable<SchoolPupils> pupils, IEnumerable<OfferStay> stays, SchoolYear year, SteeringOptions options)
    {
        var census = options.CensusDate(year);
        var total = pupils.Where(p => p.Year == year).Sum(p => p.Pupils);
        var segregated = stays
            .Where(s => options.IsSegregated(s.Category) && s.From <= census && (s.To is null || census <= s.To))
            .Select(s => s.ChildId).Distinct().Count();
        return new SegregationFigures(total, segregated, total > 0 ? (double)segregated / total : null);
    }

    /// <summary>
    /// For each round whose committee met (or meets) in the school year: how many referrals it had and what
    /// became of them. A referral postponed from one round to the next counts in both: as a postponement
    /// in the first, with its final outcome (or as undecided) in the second.
    /// </summary>
    public static IReadOnlyList<RoundOutcomes> ReferralsByRound(IEnumerable<RoundFact> rounds, IEnumerable<ReferralFact> referrals,
        IEnumerable<DecisionFact> decisions, SchoolYear year)
    {
        var referralList = referrals.ToList();
        var decisionList = decisions.ToList();
        var result = new List<RoundOutcomes>();
        foreach (var round in rounds.Where(r => year.Contains(r.CommitteeMeetingAt)).OrderBy(r => r.CommitteeMeetingAt))
        {
            var decided = decisionList.Where(d => d.RoundId == round.RoundId)
                .GroupBy(d => d.ReferralId)
                .Select(g => g.OrderBy(d => d.DecidedAt).Last())
                .ToList();
            var decidedIds = decided.Select(d => d.ReferralId).ToHashSet();
            var undecided = referralList.Count(r => r.RoundId == round.RoundId && !decidedIds.Contains(r.ReferralId));
            result.Add(new RoundOutcomes(round.RoundId, round.Name, round.CommitteeMeetingAt, decided.Count + undecided,
                decided.Count(d => d.Outcome == DecisionOutcome.Placement),
                decided.Count(d => d.Outcome == DecisionOutcome.ReturnToGeneral),
                decided.Count(d => d.Outcome == DecisionOutcome.Postponed),
                undecided));
        }
        return result;
    }

    /// <summary>
    /// Days (Danish calendar dates) from a referral's complete submission to its final decision (placement
    /// or return; postponements keep the clock running), for final decisions made in the school year.
    /// </summary>
    public static DurationFigures TimeToDecision(IEnumerable<ReferralFact> referrals, IEnumerable<DecisionFact> decisions, SchoolYear year)
    {
        var submitted = referrals.GroupBy(r => r.ReferralId).ToDictionary(g => g.Key, g => g.First().SubmittedAt);
        var days = decisions
            .Where(d => d.Outcome != DecisionOutcome.Postponed && submitted.ContainsKey(d.ReferralId))
            .GroupBy(d => d.ReferralId)
            .Select(g => g.OrderBy(d => d.DecidedAt).First())
            .Where(d => year.Contains(d.DecidedAt))
            .Select(d => DanishTime.Date(d.DecidedAt).DayNumber - DanishTime.Date(submitted[d.ReferralId]).DayNumber);
        return Durations(days);
    }

    /// <summary>Length in days (first and last day included) of the stays in an offer that ended in the school year.</summary>
    public static DurationFigures TimeInOffer(IEnumerable<OfferStay> stays, SchoolYear year) =>
        Durations(stays.Where(s => s.To is { } to && year.Contains(to)).Select(s => s.To!.Value.DayNumber - s.From.DayNumber + 1));

    public static ReturnFigures Returns(IEnumerable<ReturnFact> returns, SchoolYear year)
    {
        var inYear = returns.Where(r => year.Contains(r.On)).ToList();
        return new ReturnFigures(inYear.Count(r => r.Extent == ReturnExtent.Full), inYear.Count(r => r.Extent == ReturnExtent.Partial));
    }

    /// <summary>
    /// Revisitations due in the school year: on time when decided on or before the due date. One not yet due
    /// on <paramref name="asOf"/> and not decided is left out.
    /// </summary>
    public static RevisitationFigures RevisitationsOnTime(IEnumerable<RevisitationFact> revisitations, SchoolYear year, DateOnly asOf)
    {
        var counted = revisitations.Where(r => year.Contains(r.DueOn) && (r.DecidedOn is not null || r.DueOn < asOf)).ToList();
        var onTime = counted.Count(r => r.DecidedOn is { } d && d <= r.DueOn);
        var late = counted.Count(r => r.DecidedOn is { } d && d > r.DueOn);
        var overdue = counted.Count(r => r.DecidedOn is null);
        return new RevisitationFigures(counted.Count, onTime, late, overdue, counted.Count > 0 ? (double)onTime / counted.Count : null);
    }

    public static DurationFigures Durations(IEnumerable<int> days)
    {
        var sorted = days.Order().ToList();
        if (sorted.Count == 0) return new DurationFigures(0, null, null);
        var mid = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        return new DurationFigures(sorted.Count, median, sorted.Average());
    }

    private static FigureSet Compute(SteeringInput input, SchoolYear year, DateOnly asOf, SteeringOptions options,
        IReadOnlyDictionary<Guid, Guid> schoolOf, Func<Guid, bool> school)
    {
        var referrals = input.Referrals.Where(r => school(r.DistrictSchoolId)).ToList();
        var decisions = input.Decisions.Where(d => schoolOf.TryGetValue(d.ReferralId, out var s) && school(s)).ToList();
        var stays = input.Stays.Where(s => school(s.DistrictSchoolId)).ToList();
        var byRound = ReferralsByRound(input.Rounds, referrals, decisions, year);
        return new FigureSet(
            Segregation(input.Pupils.Where(p => school(p.SchoolId)), stays, year, options),
            byRound,
            TimeToDecision(referrals, decisions, year),
            TimeInOffer(stays, year),
            Returns(input.Returns.Where(r => school(r.DistrictSchoolId)), year),
            RevisitationsOnTime(input.Revisitations.Where(r => school(r.DistrictSchoolId)), year, asOf));
    }
}
