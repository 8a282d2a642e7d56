using Visitation.Workflows.Common;
using Visitation.Workflows.Figures;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Schools;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Figures;

/// <summary>
/// A small municipality worked out by hand: two district schools, A (400 pupils) and B (100 pupils), in
/// the school year 2026/27 (1 August 2026 to 31 July 2027), census day 5 September 2026, report on
/// 1 March 2027. Every figure asserted below is derived in the comments next to the data.
/// </summary>
public class SteeringFiguresTests
{
    private static readonly Guid A = Ids.Of(101);
    private static readonly Guid B = Ids.Of(102);
    private static readonly SchoolYear Year = new(2026);
    private static readonly DateOnly AsOf = new(2027, 3, 1);

    private static readonly Guid Round0 = Ids.Of(400); // last school year
    private static readonly Guid Round1 = Ids.Of(401);
    private static readonly Guid Round2 = Ids.Of(402);

    private static SteeringInput Input() => new(
        Pupils:
        [
            new SchoolPupils(A, Year, 400),
            new SchoolPupils(B, Year, 100),
            new SchoolPupils(A, new SchoolYear(2025), 380), // another year: not counted
        ],
        Stays:
        [
            // Counted on the census day (5 Sep 2026): child 1 and child 2, both from A.
            new OfferStay(Ids.Of(1), A, Ids.Of(201), OfferCategory.Specialtilbud1, new DateOnly(2025, 8, 10), null),
            // Ends in the year: 1 Sep 2026 to 31 Mar 2027 = 30+31+30+31+31+28+31 = 212 days.
            new OfferStay(Ids.Of(2), A, Ids.Of(202), OfferCategory.Specialtilbud2, new DateOnly(2026, 9, 1), new DateOnly(2027, 3, 31)),
            // Starts the day after the census: not counted in the share.
            new OfferStay(Ids.Of(3), B, Ids.Of(203), OfferCategory.Vidtgaaende, new DateOnly(2026, 9, 6), null),
            // Ends the day before the census: not counted in the share. 10 Jan 2025 to 4 Sep 2026 = 603 days.
            new OfferStay(Ids.Of(4), B, Ids.Of(204), OfferCategory.Kursustilbud, new DateOnly(2025, 1, 10), new DateOnly(2026, 9, 4)),
        ],
        Referrals:
        [
            new ReferralFact(Ids.Of(11), A, Times.At(2026, 9, 10), Round1),
            new ReferralFact(Ids.Of(12), A, Times.At(2026, 9, 20), Round2), // postponed from round 1 to round 2
            new ReferralFact(Ids.Of(13), B, Times.At(2026, 9, 25), Round1),
            new ReferralFact(Ids.Of(14), B, Times.At(2027, 1, 5), Round2),  // not decided yet
            new ReferralFact(Ids.Of(15), A, Times.At(2026, 5, 1), Round0),  // last school year
        ],
        Decisions:
        [
            new DecisionFact(Ids.Of(11), Round1, DecisionOutcome.Placement, Times.At(2026, 10, 15, 14)),        // 35 days
            new DecisionFact(Ids.Of(12), Round1, DecisionOutcome.Postponed, Times.At(2026, 10, 15, 14)),
            new DecisionFact(Ids.Of(12), Round2, DecisionOutcome.ReturnToGeneral, Times.At(2027, 1, 24, 14)),  // 126 days
            new DecisionFact(Ids.Of(13), Round1, DecisionOutcome.ReturnToGeneral, Times.At(2026, 10, 15, 14)), // 20 days
            new DecisionFact(Ids.Of(15), Round0, DecisionOutcome.Placement, Times.At(2026, 6, 10, 14)),
        ],
        Rounds:
        [
            new RoundFact(Round0, "Runde 3, skoleåret 2025/26", Times.At(2026, 6, 10, 13)),
            new RoundFact(Round1, "Runde 1, skoleåret 2026/27", Times.At(2026, 10, 15, 13)),
            new RoundFact(Round2, "Runde 2, skoleåret 2026/27", Times.At(2027, 1, 24, 13)),
        ],
        Returns:
        [
            new ReturnFact(Ids.Of(5), A, new DateOnly(2026, 10, 1), ReturnExtent.Full),
            new ReturnFact(Ids.Of(6), A, new DateOnly(2027, 2, 1), ReturnExtent.Partial),
            new ReturnFact(Ids.Of(7), B, new DateOnly(2027, 8, 15), ReturnExtent.Partial), // next year
            new ReturnFact(Ids.Of(8), B, new DateOnly(2026, 7, 20), ReturnExtent.Full),    // last year
        ],
        Revisitations:
        [
            new RevisitationFact(Ids.Of(1), A, new DateOnly(2026, 11, 1), new DateOnly(2026, 10, 20)), // on time
            new RevisitationFact(Ids.Of(2), A, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 10)), // late
            new RevisitationFact(Ids.Of(3), B, new DateOnly(2027, 2, 1), null),                        // overdue on 1 March
            new RevisitationFact(Ids.Of(4), B, new DateOnly(2027, 5, 1), null),                        // not yet due: left out
            new RevisitationFact(Ids.Of(9), B, new DateOnly(2027, 4, 1), new DateOnly(2027, 2, 15)),   // decided early: on time
        ]);

    private static SteeringReport Report() => SteeringFigures.Report(Input(), Year, AsOf);

    private static FigureSet School(Guid id) => Report().Schools.Single(s => s.SchoolId == id).Figures;

    [Test]
    public void The_share_in_segregated_offers_is_counted_on_the_census_day()
    {
        var report = Report();

        report.CensusDate.ShouldBe(new DateOnly(2026, 9, 5));
        report.Municipality.Segregation.ShouldBe(new SegregationFigures(500, 2, 0.004));
        School(A).Segregation.ShouldBe(new SegregationFigures(400, 2, 0.005));
        School(B).Segregation.ShouldBe(new SegregationFigures(100, 0, 0.0));
    }

    [Test]
    public void Only_the_chosen_categories_count_as_segregated()
    {
        var options = new SteeringOptions(SegregatedCategories: new HashSet<OfferCategory> { OfferCategory.Specialtilbud2 });

        SteeringFigures.Report(Input(), Year, AsOf, options).Municipality.Segregation.InSegregatedOffers.ShouldBe(1);
    }

    [Test]
    public void Referrals_are_counted_per_round_and_outcome_with_a_postponement_in_both_rounds()
    {
        var rounds = Report().Municipality.ReferralsByRound;

        rounds.ShouldBe([
            new RoundOutcomes(Round1, "Runde 1, skoleåret 2026/27", Times.At(2026, 10, 15, 13), Referrals: 3, Placements: 1, ReturnsToGeneral: 1,
                Postponements: 1, Undecided: 0),
            new RoundOutcomes(Round2, "Runde 2, skoleåret 2026/27", Times.At(2027, 1, 24, 13), Referrals: 2, Placements: 0, ReturnsToGeneral: 1,
                Postponements: 0, Undecided: 1),
        ]);
        School(B).ReferralsByRound.Select(r => (r.Referrals, r.ReturnsToGeneral, r.Undecided)).ShouldBe([(1, 1, 0), (1, 0, 1)]);
    }

    [Test]
    public void Time_to_decision_runs_from_complete_referral_to_final_decision_through_postponements()
    {
        // 20, 35 and 126 days: median 35, mean 181 / 3.
        var figures = Report().Municipality.TimeToDecision;

        figures.Count.ShouldBe(3);
        figures.MedianDays.ShouldBe(35);
        figures.MeanDays!.Value.ShouldBe(181 / 3.0, tolerance: 1e-9);
        School(A).TimeToDecision.ShouldBe(new DurationFigures(2, 80.5, 80.5));
        School(B).TimeToDecision.ShouldBe(new DurationFigures(1, 20, 20));
    }

    [Test]
    public void Time_in_offer_counts_the_stays_that_ended_in_the_school_year()
    {
        Report().Municipality.TimeInOffer.ShouldBe(new DurationFigures(2, (212 + 603) / 2.0, (212 + 603) / 2.0));
        School(A).TimeInOffer.ShouldBe(new DurationFigures(1, 212, 212));
    }

    [Test]
    public void Returns_to_the_general_school_are_counted_full_and_partial()
    {
        Report().Municipality.Returns.ShouldBe(new ReturnFigures(Full: 1, Partial: 1));
        School(A).Returns.Total.ShouldBe(2);
        School(B).Returns.Total.ShouldBe(0);
    }

    [Test]
    public void Revisitations_on_time_count_those_due_so_far_and_those_already_decided()
    {
        Report().Municipality.Revisitations.ShouldBe(new RevisitationFigures(Due: 4, OnTime: 2, Late: 1, Overdue: 1, ShareOnTime: 0.5));
        School(B).Revisitations.ShouldBe(new RevisitationFigures(Due: 2, OnTime: 1, Late: 0, Overdue: 1, ShareOnTime: 0.5));
    }

    [Test]
    public void Every_school_in_the_data_gets_its_figures()
    {
        Report().Schools.Select(s => s.SchoolId).ShouldBe([A, B]);
    }

    [Test]
    public void Without_data_the_figures_are_empty_not_wrong()
    {
        var empty = new SteeringInput([], [], [], [], [], [], []);

        var figures = SteeringFigures.Report(empty, Year, AsOf).Municipality;

        figures.Segregation.ShouldBe(new SegregationFigures(0, 0, null));
        figures.TimeToDecision.ShouldBe(new DurationFigures(0, null, null));
        figures.Revisitations.ShouldBe(new RevisitationFigures(0, 0, 0, 0, null));
        figures.ReferralsByRound.ShouldBeEmpty();
    }

    [Test]
    public void Reports_for_several_years_come_oldest_first()
    {
        var reports = SteeringFigures.Reports(Input(), [Year, new SchoolYear(2025)], AsOf);

        reports.Select(r => r.Year.Name).ShouldBe(["2025/26", "2026/27"]);
        reports[0].Municipality.ReferralsByRound.Single().RoundName.ShouldBe("Runde 3, skoleåret 2025/26");
        reports[0].Municipality.Returns.Full.ShouldBe(1);
    }

    [Test]
    public void A_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        SteeringFigures.Durations([10, 1, 4, 7]).ShouldBe(new DurationFigures(4, 5.5, 5.5));
        SteeringFigures.Durations([3]).ShouldBe(new DurationFigures(1, 3, 3));
    }
}
