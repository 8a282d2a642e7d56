using Visitation.Workflows.Allocation;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Schools;

namespace Visitation.Benchmarks.Rounds;

/// <summary>
/// A synthetic round for the suggestion benchmark, drawn from a fixed seed: district schools and host
/// schools scattered over a municipality of about 30 × 35 km (as the demo municipality), offers of every
/// category, and children on the three tracks (half on track 1, a third on track 2, the rest on track 3).
/// Each category's seats are about <see cref="SeatsPerChild"/> of the children it fits, so capacity binds
/// and the order in which children take seats matters.
/// </summary>
internal sealed record SyntheticRound(IReadOnlyList<ChildToPlace> Children, IReadOnlyList<OfferWithSeats> Offers, int DistrictSchools)
{
    public const double SeatsPerChild = 0.9;

    /// <param name="homes">Distinct places the children live at: the district schools (as the app measures), or one per child (the worst case for grouping).</param>
    public static SyntheticRound Create(int seed, int children, int offers, int districtSchools, bool homePerChild)
    {
        var random = new Random(seed);
        GeoPoint Place() => new(Math.Round(55.70 + (random.NextDouble() * 2 - 1) * 0.15, 5), Math.Round(9.53 + (random.NextDouble() * 2 - 1) * 0.25, 5));
        var schools = Enumerable.Range(0, districtSchools).Select(_ => Place()).ToList();
        var hosts = schools.Concat(Enumerable.Range(0, Math.Max(1, districtSchools / 3)).Select(_ => Place())).ToList();

        var start = new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
        var list = new List<ChildToPlace>(children);
        for (var i = 0; i < children; i++)
        {
            var draw = random.NextDouble();
            var track = draw < 0.5 ? Track.SpecialOffers : draw < 0.85 ? Track.SocioEmotional : Track.FarReaching;
            var school = random.Next(schools.Count);
            var home = homePerChild ? Place() : schools[school];
            list.Add(new ChildToPlace(Guid.NewGuid(), track, home, start.AddMinutes(random.Next(60 * 24 * 30)), null));
        }

        // Offers split over the categories in proportion to the children each fits; Kursustilbud shares track 1.
        (OfferCategory Category, double Share)[] mix =
            [(OfferCategory.Specialtilbud1, 0.34), (OfferCategory.Kursustilbud, 0.16), (OfferCategory.Specialtilbud2, 0.34), (OfferCategory.Vidtgaaende, 0.16)];
        var offerList = new List<OfferWithSeats>(offers);
        foreach (var (category, share) in mix)
        {
            var count = Math.Max(1, (int)Math.Round(offers * share));
            if (category == OfferCategory.Vidtgaaende) count = Math.Max(1, offers - offerList.Count);
            var demand = list.Count(c => CategoryFit.Fit(c.Track, category)) * (category is OfferCategory.Specialtilbud1 ? 0.7 : category is OfferCategory.Kursustilbud ? 0.3 : 1.0);
            var weights = Enumerable.Range(0, count).Select(_ => 0.5 + random.NextDouble()).ToList();
            var total = weights.Sum();
            for (var o = 0; o < count; o++)
                offerList.Add(new OfferWithSeats(Guid.NewGuid(), $"{category} {o + 1}", category, hosts[random.Next(hosts.Count)],
                    Math.Max(1, (int)Math.Round(demand * SeatsPerChild * weights[o] / total))));
        }
        return new SyntheticRound(list, offerList, districtSchools);
    }
}
