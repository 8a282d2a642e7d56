using Visitation.Workflows.Allocation;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Schools;
using Visitation.Workflows.Tests.Rounds;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Allocation;

public class PlacementSuggesterTests
{
    /// <summary>
    /// Points on one meridian, <paramref name="km"/> kilometres north of 55°N: the great-circle distance
    /// between two of them is the difference of their kilometres, so optima can be worked out by hand.
    /// </summary>
    private static GeoPoint Km(double km) => new(55 + km / (6371.0 * Math.PI / 180.0), 10);

    private static readonly IPlacementSuggester Optimal = new PlacementSuggester();
    private static readonly IPlacementSuggester Greedy = new GreedySuggester();

    private static ChildToPlace Child(int n, Track track, double atKm) =>
        new(Ids.Of(n), track, Km(atKm), Times.At(2026, 9, 1).AddHours(n));

    private static OfferWithSeats Offer(int n, string name, OfferCategory category, double atKm, int seats) =>
        new(Ids.Of(100 + n), name, category, Km(atKm), seats);

    private static Dictionary<Guid, Guid> Assignment(RoundSuggestion s) => s.Placements.ToDictionary(p => p.ReferralId, p => p.OfferId);

    // ---- Known optima where greedy goes wrong ----

    [Test]
    public void Two_children_two_offers_the_optimum_swaps_what_greedy_gives_the_first_child()
    {
        // Offers X at 0 km and Y at 10 km, one seat each. Child A (first) lives at 4 km, child B at 0 km.
        // Greedy: A takes the nearest, X (4), so B must go to Y (10): 14 km.
        // The only other assignment: A to Y (6), B to X (0): 6 km, the optimum.
        var children = new[] { Child(1, Track.SpecialOffers, 4), Child(2, Track.SpecialOffers, 0) };
        var offers = new[] { Offer(1, "X", OfferCategory.Specialtilbud1, 0, 1), Offer(2, "Y", OfferCategory.Specialtilbud1, 10, 1) };

        var optimal = Optimal.Suggest(children, offers);
        var greedy = Greedy.Suggest(children, offers);

        optimal.TotalDistanceKm.ShouldBe(6, tolerance: 0.001);
        Assignment(optimal).ShouldBe(new Dictionary<Guid, Guid> { [Ids.Of(1)] = Ids.Of(102), [Ids.Of(2)] = Ids.Of(101) }, ignoreOrder: true);
        greedy.TotalDistanceKm.ShouldBe(14, tolerance: 0.001);
        Assignment(greedy)[Ids.Of(1)].ShouldBe(Ids.Of(101));
    }

    [Test]
    public void Three_in_a_row_the_optimum_moves_every_child_where_greedy_strands_the_last_one_far_away()
    {
        // Offers P at 0, Q at 10, R at 20 km, one seat each. Children in submission order: c1 at 11, c2 at 9, c3 at 1.
        // Greedy: c1 → Q (1), c2 → P (9, nearer than R at 11), c3 → R (19): 29 km.
        // All six assignments (c1, c2, c3): PQR 11+1+19=31, PRQ 11+11+9=31, QPR 1+9+19=29, QRP 1+11+1=13,
        // RPQ 9+9+9=27, RQP 9+1+1=11. The optimum is RQP, 11 km.
        var children = new[] { Child(1, Track.SocioEmotional, 11), Child(2, Track.SocioEmotional, 9), Child(3, Track.SocioEmotional, 1) };
        var offers = new[]
        {
            Offer(1, "P", OfferCategory.Specialtilbud2, 0, 1), Offer(2, "Q", OfferCategory.Specialtilbud2, 10, 1),
            Offer(3, "R", OfferCategory.Specialtilbud2, 20, 1),
        };

        var optimal = Optimal.Suggest(children, offers);
        var greedy = Greedy.Suggest(children, offers);

        optimal.TotalDistanceKm.ShouldBe(11, tolerance: 0.001);
        Assignment(optimal).ShouldBe(new Dictionary<Guid, Guid> { [Ids.Of(1)] = Ids.Of(103), [Ids.Of(2)] = Ids.Of(102), [Ids.Of(3)] = Ids.Of(101) },
            ignoreOrder: true);
        greedy.TotalDistanceKm.ShouldBe(29, tolerance: 0.001);
        optimal.Unplaced.ShouldBeEmpty();
    }

    [Test]
    public void Category_fit_a_course_seat_is_an_alternative_on_track_1_but_never_on_track_2()
    {
        // Specialtilbud 1 "Stjerneklassen" at 0 km, Kursustilbud "Sprogkurset" at 8 km, Specialtilbud 2 "Trivselsklassen" at 3 km; one seat each.
        // Children: a (track 1) at 2 km, first; b (track 1) at 0 km; c (track 2) at 8 km, right at the course.
        // c fits only Trivselsklassen: 5 km whatever happens.
        // Greedy: a → Stjerneklassen (2 < 6), b → Sprogkurset (8), c → Trivselsklassen (5): 15 km.
        // Optimum: a → Sprogkurset (6), b → Stjerneklassen (0), c → Trivselsklassen (5): 11 km.
        var (children, offers) = CategoryInstance();

        var optimal = Optimal.Suggest(children, offers);
        var greedy = Greedy.Suggest(children, offers);

        optimal.TotalDistanceKm.ShouldBe(11, tolerance: 0.001);
        Assignment(optimal).ShouldBe(new Dictionary<Guid, Guid> { [Ids.Of(1)] = Ids.Of(102), [Ids.Of(2)] = Ids.Of(101), [Ids.Of(3)] = Ids.Of(103) },
            ignoreOrder: true);
        greedy.TotalDistanceKm.ShouldBe(15, tolerance: 0.001);
        optimal.For(Ids.Of(3))!.Category.ShouldBe(OfferCategory.Specialtilbud2);
    }

    private static (ChildToPlace[] Children, OfferWithSeats[] Offers) CategoryInstance() =>
    (
        [Child(1, Track.SpecialOffers, 2), Child(2, Track.SpecialOffers, 0), Child(3, Track.SocioEmotional, 8)],
        [
            Offer(1, "Stjerneklassen", OfferCategory.Specialtilbud1, 0, 1), Offer(2, "Sprogkurset", OfferCategory.Kursustilbud, 8, 1),
            Offer(3, "Trivselsklassen", OfferCategory.Specialtilbud2, 3, 1),
        ]
    );

    // ---- Explanations ----

    [Test]
    public void A_suggestion_explains_category_fit_seats_distance_and_why_not_the_nearest()
    {
        var (children, offers) = CategoryInstance();

        var a = Optimal.Suggest(children, offers).For(Ids.Of(1))!;

        a.OfferName.ShouldBe("Sprogkurset");
        a.DistanceKm.ShouldBe(6, tolerance: 0.001);
        a.SeatsLeftBefore.ShouldBe(1);
        a.SeatsLeftAfter.ShouldBe(0);
        a.FittingCategories.ShouldBe([OfferCategory.Specialtilbud1, OfferCategory.Kursustilbud]);
        a.Explanation.ShouldBe(
            "Sprogkurset (Kursustilbud) ligger 6,0 km fra distriktsskolen. Spor 1: specialtilbud passer til Specialtilbud 1, Kursustilbud. " +
            "Tilbuddet har 1 ledig plads før rundens forslag og ingen ledige pladser efter. " +
            "Det nærmeste passende tilbud, Stjerneklassen (2,0 km), får andre børn i forslaget, fordi det giver den korteste samlede afstand for hele runden. " +
            "Alternativer: Stjerneklassen (Specialtilbud 1) 2,0 km, ingen ledige pladser efter forslaget.");
    }

    [Test]
    public void The_alternatives_are_every_other_fitting_offer_nearest_first_with_their_distances()
    {
        var children = new[] { Child(1, Track.SpecialOffers, 0) };
        var offers = new[]
        {
            Offer(1, "Fjern", OfferCategory.Specialtilbud1, 30, 2), Offer(2, "Nær", OfferCategory.Specialtilbud1, 1, 2),
            Offer(3, "Kursus", OfferCategory.Kursustilbud, 12, 1), Offer(4, "Fuld", OfferCategory.Specialtilbud1, 5, 0),
            Offer(5, "Trivsel", OfferCategory.Specialtilbud2, 2, 4),
        };

        var s = Optimal.Suggest(children, offers).Placements.Single();

        s.OfferName.ShouldBe("Nær");
        s.Alternatives.Select(x => (x.OfferName, Math.Round(x.DistanceKm, 3), x.SeatsLeftBefore, x.SeatsLeftAfter))
            .ShouldBe([("Fuld", 5.0, 0, 0), ("Kursus", 12.0, 1, 1), ("Fjern", 30.0, 2, 2)]);
        s.Explanation.ShouldContain("Alternativer: Fuld (Specialtilbud 1) 5,0 km, ingen ledige pladser efter forslaget; " +
                                    "Kursus (Kursustilbud) 12,0 km, 1 ledig plads efter forslaget; Fjern (Specialtilbud 1) 30,0 km, 2 ledige pladser efter forslaget.");
        s.Explanation.ShouldNotContain("Trivsel");
    }

    [Test]
    public void A_child_beyond_the_fitting_seats_is_reported_unplaced_with_the_reason()
    {
        // One far-reaching offer at 0 km with two seats; children at 1, 30 and 2 km. The two nearest get the seats.
        var children = new[] { Child(1, Track.FarReaching, 1), Child(2, Track.FarReaching, 30), Child(3, Track.FarReaching, 2) };
        var offers = new[] { Offer(1, "Vidtgående afdeling", OfferCategory.Vidtgaaende, 0, 2), Offer(2, "Stjerneklassen", OfferCategory.Specialtilbud1, 30, 5) };

        var s = Optimal.Suggest(children, offers);

        s.Placements.Select(p => p.ReferralId).ShouldBe([Ids.Of(1), Ids.Of(3)], ignoreOrder: true);
        var unplaced = s.Unplaced.ShouldHaveSingleItem();
        unplaced.ReferralId.ShouldBe(Ids.Of(2));
        unplaced.Alternatives.Single().OfferName.ShouldBe("Vidtgående afdeling");
        unplaced.Reason.ShouldBe(
            "Ingen plads i forslaget: det eneste passende tilbud har 2 ledige pladser, og de er alle brugt i rundens forslag. " +
            "Spor 3: vidtgående tilbud passer til Vidtgående specialtilbud. " +
            "Udvalget kan visitere med en begrundet tilsidesættelse af kapaciteten, tilbagevise med anbefalinger eller udsætte sagen. " +
            "Alternativer: Vidtgående afdeling (Vidtgående specialtilbud) 30,0 km, ingen ledige pladser efter forslaget.");
    }

    [Test]
    public void A_child_with_no_fitting_offer_is_told_so()
    {
        var s = Optimal.Suggest([Child(1, Track.SocioEmotional, 0)], [Offer(1, "Stjerneklassen", OfferCategory.Specialtilbud1, 3, 4)]);

        s.Placements.ShouldBeEmpty();
        s.Unplaced.Single().Reason.ShouldStartWith(
            "Ingen plads i forslaget: kommunen har intet aktivt tilbud, der passer. Spor 2: socio-emotionelle tilbud passer til Specialtilbud 2.");
    }

    [Test]
    public void Children_from_the_same_school_on_the_same_track_get_the_seats_in_submission_order()
    {
        var children = new[] { Child(3, Track.SpecialOffers, 5), Child(1, Track.SpecialOffers, 5), Child(2, Track.SpecialOffers, 5) };

        var s = Optimal.Suggest(children, [Offer(1, "Stjerneklassen", OfferCategory.Specialtilbud1, 0, 2)]);

        s.Placements.Select(p => p.ReferralId).ShouldBe([Ids.Of(1), Ids.Of(2)]);
        s.Unplaced.Single().ReferralId.ShouldBe(Ids.Of(3));
    }

    // ---- Properties ----

    [Test]
    public void On_200_random_small_rounds_the_optimiser_matches_brute_force_and_never_does_worse_than_greedy()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var (children, offers) = RandomRound(random, children: random.Next(1, 7), offers: random.Next(1, 5), maxSeats: 2);

            var optimal = Optimal.Suggest(children, offers);
            var greedy = Greedy.Suggest(children, offers);
            var (bestCount, bestKm) = BruteForce(children, offers);

            EnsureFeasible(optimal, children, offers, $"seed {seed}");
            EnsureFeasible(greedy, children, offers, $"seed {seed} (greedy)");
            optimal.Placements.Count.ShouldBe(bestCount, $"seed {seed}");
            optimal.TotalDistanceKm.ShouldBe(bestKm, tolerance: 0.01, $"seed {seed}");
            greedy.Placements.Count.ShouldBeLessThanOrEqualTo(optimal.Placements.Count, $"seed {seed}");
            if (greedy.Placements.Count == optimal.Placements.Count)
                optimal.TotalDistanceKm.ShouldBeLessThanOrEqualTo(greedy.TotalDistanceKm + 0.01, $"seed {seed}");
        }
    }

    [Test]
    public void On_random_larger_rounds_no_offer_is_overfilled_and_every_fitting_seat_is_used_before_a_child_is_left_out()
    {
        for (var seed = 1000; seed < 1050; seed++)
        {
            var random = new Random(seed);
            var (children, offers) = RandomRound(random, children: random.Next(20, 80), offers: random.Next(3, 12), maxSeats: 8);

            var optimal = Optimal.Suggest(children, offers);

            EnsureFeasible(optimal, children, offers, $"seed {seed}");
            foreach (var track in Enum.GetValues<Track>())
            {
                var demand = children.Count(c => c.Track == track);
                var supply = offers.Where(o => CategoryFit.Fit(track, o.Category)).Sum(o => o.SeatsLeft);
                optimal.Placements.Count(p => CategoryFit.Fit(track, p.Category)).ShouldBe(Math.Min(demand, supply), $"seed {seed}, {track}");
            }
        }
    }

    [Test]
    public void The_suggestion_for_a_round_is_built_from_its_agenda_and_decides_nothing()
    {
        var f = new RoundFixture();
        var first = f.OnAgenda(Track.SpecialOffers, Times.At(2026, 9, 3));
        var second = f.OnAgenda(Track.SocioEmotional, Times.At(2026, 9, 4));
        var schools = new[]
        {
            new School(f.S.SchoolId, "Distriktsskolen", "Skolevej 1", Km(0), true),
            new School(f.S.OtherSchoolId, "Værtsskolen", "Skolevej 2", Km(7), false),
        };
        var ledger = CapacityLedger.For([f.S.Offer], [new SeatClaim(f.S.Offer.Id, new DateOnly(2026, 8, 10), null)], CurrentRules);

        var children = SuggestionInput.Children(f.Agenda(), schools);
        var offers = SuggestionInput.Offers([f.S.Offer], schools, ledger, PlacementStart);
        var suggestion = Optimal.Suggest(children, offers);

        children.Select(c => (c.ReferralId, c.Track)).ShouldBe([(first.Id, Track.SpecialOffers), (second.Id, Track.SocioEmotional)]);
        offers.Single().SeatsLeft.ShouldBe(11);
        suggestion.For(first.Id)!.DistanceKm.ShouldBe(7, tolerance: 0.001);
        suggestion.Unplaced.Single().ReferralId.ShouldBe(second.Id);
        f.Referrals.ShouldAllBe(r => r.State == ReferralState.OnAgenda && r.Decisions.Count == 0);
    }

    [Test]
    public void Track_1_fits_Specialtilbud_1_and_courses_track_2_Specialtilbud_2_and_track_3_far_reaching_offers()
    {
        CategoryFit.For(Track.SpecialOffers).ShouldBe([OfferCategory.Specialtilbud1, OfferCategory.Kursustilbud]);
        CategoryFit.For(Track.SocioEmotional).ShouldBe([OfferCategory.Specialtilbud2]);
        CategoryFit.For(Track.FarReaching).ShouldBe([OfferCategory.Vidtgaaende]);
        Enum.GetValues<OfferCategory>().ShouldAllBe(c => Enum.GetValues<Track>().Count(t => CategoryFit.Fit(t, c)) == 1);
    }

    [Test]
    public void A_referral_listed_twice_is_a_caller_error()
    {
        Should.Throw<ArgumentException>(() => Optimal.Suggest([Child(1, Track.SpecialOffers, 0), Child(1, Track.SpecialOffers, 0)], []));
    }

    private static (ChildToPlace[] Children, OfferWithSeats[] Offers) RandomRound(Random random, int children, int offers, int maxSeats)
    {
        static GeoPoint Somewhere(Random r) => new(55 + r.NextDouble(), 9 + 3 * r.NextDouble());
        var tracks = Enum.GetValues<Track>();
        var categories = Enum.GetValues<OfferCategory>();
        return (
            Enumerable.Range(1, children)
                .Select(i => new ChildToPlace(Ids.Of(i), tracks[random.Next(tracks.Length)], Somewhere(random), Times.At(2026, 9, 1).AddMinutes(random.Next(10_000))))
                .ToArray(),
            Enumerable.Range(1, offers)
                .Select(i => new OfferWithSeats(Ids.Of(100 + i), $"Tilbud {i}", categories[random.Next(categories.Length)], Somewhere(random), random.Next(0, maxSeats + 1)))
                .ToArray());
    }

    private static void EnsureFeasible(RoundSuggestion s, IReadOnlyList<ChildToPlace> children, IReadOnlyList<OfferWithSeats> offers, string because)
    {
        (s.Placements.Count + s.Unplaced.Count).ShouldBe(children.Count, because);
        s.Placements.Select(p => p.ReferralId).Concat(s.Unplaced.Select(u => u.ReferralId)).ShouldBe(children.Select(c => c.ReferralId), ignoreOrder: true, because);
        foreach (var offer in offers)
            s.Placements.Count(p => p.OfferId == offer.OfferId).ShouldBeLessThanOrEqualTo(Math.Max(0, offer.SeatsLeft), because);
        foreach (var p in s.Placements)
        {
            var child = children.Single(c => c.ReferralId == p.ReferralId);
            var offer = offers.Single(o => o.OfferId == p.OfferId);
            CategoryFit.Fit(child.Track, offer.Category).ShouldBeTrue(because);
            p.DistanceKm.ShouldBe(child.Home.KilometresTo(offer.Location), tolerance: 1e-9, because);
        }
    }

    /// <summary>Tries every assignment: most children placed, then least total distance.</summary>
    private static (int Count, double Km) BruteForce(IReadOnlyList<ChildToPlace> children, IReadOnlyList<OfferWithSeats> offers)
    {
        var left = offers.Select(o => Math.Max(0, o.SeatsLeft)).ToArray();
        var best = (Count: -1, Km: double.MaxValue);
        void Go(int i, int count, double km)
        {
            if (i == children.Count)
            {
                if (count > best.Count || (count == best.Count && km < best.Km)) best = (count, km);
                return;
            }
            Go(i + 1, count, km);
            for (var o = 0; o < offers.Count; o++)
            {
                if (left[o] == 0 || !CategoryFit.Fit(children[i].Track, offers[o].Category)) continue;
                left[o]--;
                Go(i + 1, count + 1, km + children[i].Home.KilometresTo(offers[o].Location));
                left[o]++;
            }
        }
        Go(0, 0, 0);
        return best;
    }
}
