using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Allocation;

/// <summary>
/// Suggests an offer for every child of a round at once: as many children as the fitting seats allow
/// are placed, and among those assignments the one with the least total distance from district school
/// to host school (nærhedsprincippet) is chosen. Solved exactly as a min-cost max-flow: source → child
/// → fitting offer (cost: metres) → sink, with an offer's seats as the capacity of its edge to the sink.
/// Children from the same district school on the same track are interchangeable, so they share one node
/// whose capacity is their number; within it the earliest referrals take the seats first.
/// </summary>
public sealed class PlacementSuggester : IPlacementSuggester
{
    public SuggestionMethod Method => SuggestionMethod.LeastTotalDistance;

    public RoundSuggestion Suggest(IReadOnlyList<ChildToPlace> children, IReadOnlyList<OfferWithSeats> offers)
    {
        SuggestionChecks.EnsureDistinct(children, offers);
        var groups = children
            .GroupBy(c => (c.Home, c.Track))
            .Select(g => g.OrderBy(c => c.SubmittedAt).ThenBy(c => c.ReferralId).ToList())
            .ToList();
        var source = 0;
        var firstOffer = 1 + groups.Count;
        var sink = firstOffer + offers.Count;
        var network = new MinCostFlow(sink + 1);

        for (var g = 0; g < groups.Count; g++)
            network.AddEdge(source, 1 + g, groups[g].Count, 0);
        for (var o = 0; o < offers.Count; o++)
            network.AddEdge(firstOffer + o, sink, Math.Max(0, offers[o].SeatsLeft), 0);
        var edges = new List<(int Group, int Offer, int Edge, double Km)>();
        for (var g = 0; g < groups.Count; g++)
        {
            var first = groups[g][0];
            for (var o = 0; o < offers.Count; o++)
            {
                if (offers[o].SeatsLeft <= 0 || !CategoryFit.Fit(first.Track, offers[o].Category)) continue;
                var km = first.Home.KilometresTo(offers[o].Location);
                edges.Add((g, o, network.AddEdge(1 + g, firstOffer + o, groups[g].Count, Metres(km)), km));
            }
        }
        network.Solve(source, sink);

        var assignment = new Dictionary<Guid, int>();
        foreach (var perGroup in edges.GroupBy(e => e.Group))
        {
            var waiting = new Queue<ChildToPlace>(groups[perGroup.Key]);
            foreach (var edge in perGroup.OrderBy(e => e.Km).ThenBy(e => offers[e.Offer].OfferId))
                for (var f = network.FlowOn(edge.Edge); f > 0; f--)
                    assignment[waiting.Dequeue().ReferralId] = edge.Offer;
        }
        return SuggestionExplainer.Explain(Method, children, offers, assignment);
    }

    /// <summary>Whole metres keep the flow's arithmetic exact; a metre is well below what separates two schools.</summary>
    private static long Metres(double km) => (long)Math.Round(km * 1000, MidpointRounding.AwayFromZero);
}

internal static class SuggestionChecks
{
    public static void EnsureDistinct(IReadOnlyList<ChildToPlace> children, IReadOnlyList<OfferWithSeats> offers)
    {
        if (children.Select(c => c.ReferralId).Distinct().Count() != children.Count)
            throw new ArgumentException("A referral appears twice among the children to place.", nameof(children));
        if (offers.Select(o => o.OfferId).Distinct().Count() != offers.Count)
            throw new ArgumentException("An offer appears twice.", nameof(offers));
    }
}

/// <summary>Turns an assignment into explained suggestions, the same way for every method.</summary>
internal static class SuggestionExplainer
{
    private const int AlternativesInText = 3;

    public static RoundSuggestion Explain(SuggestionMethod method, IReadOnlyList<ChildToPlace> children, IReadOnlyList<OfferWithSeats> offers,
        IReadOnlyDictionary<Guid, int> assignment)
    {
        var before = offers.Select(o => Math.Max(0, o.SeatsLeft)).ToArray();
        var after = before.ToArray();
        foreach (var o in assignment.Values) after[o]--;

        var placements = new List<PlacementSuggestion>();
        var unplaced = new List<UnplacedChild>();
        // Children from one school on one track see the same offers at the same distances.
        var fittingFrom = new Dictionary<(GeoPoint, Track), List<(int Index, double Km)>>();
        foreach (var child in children.OrderBy(c => c.SubmittedAt).ThenBy(c => c.ReferralId))
        {
            if (!fittingFrom.TryGetValue((child.Home, child.Track), out var fitting))
            {
                fitting = Enumerable.Range(0, offers.Count)
                    .Where(o => CategoryFit.Fit(child.Track, offers[o].Category))
                    .Select(o => (Index: o, Km: child.Home.KilometresTo(offers[o].Location)))
                    .OrderBy(x => x.Km).ThenBy(x => offers[x.Index].Name, StringComparer.Ordinal)
                    .ToList();
                fittingFrom[(child.Home, child.Track)] = fitting;
            }
            SuggestionAlternative Alternative((int Index, double Km) x) =>
                new(offers[x.Index].OfferId, offers[x.Index].Name, offers[x.Index].Category, x.Km, before[x.Index], after[x.Index]);
            var categories = CategoryFit.For(child.Track);

            if (assignment.TryGetValue(child.ReferralId, out var chosen))
            {
                var offer = offers[chosen];
                var km = fitting.First(x => x.Index == chosen).Km;
                var alternatives = fitting.Where(x => x.Index != chosen).Select(Alternative).ToList();
                var text = $"{offer.Name} ({offer.Category.Danish()}) ligger {Km(km)} fra distriktsskolen. {CategoryFit.Explain(child.Track)}. " +
                           $"Tilbuddet har {Seats(before[chosen])} før rundens forslag og {Seats(after[chosen])} efter.";
                var nearest = fitting[0];
                if (nearest.Index != chosen && nearest.Km < km)
                {
                    var n = offers[nearest.Index];
                    text += before[nearest.Index] == 0
                        ? $" Det nærmeste passende tilbud, {n.Name} ({Km(nearest.Km)}), har ingen ledige pladser."
                        : method == SuggestionMethod.LeastTotalDistance
                            ? $" Det nærmeste passende tilbud, {n.Name} ({Km(nearest.Km)}), får andre børn i forslaget, fordi det giver den korteste samlede afstand for hele runden."
                            : $" Det nærmeste passende tilbud, {n.Name} ({Km(nearest.Km)}), blev fyldt op af børn, hvis henvisning kom tidligere.";
                }
                text += AlternativesText(alternatives);
                placements.Add(new PlacementSuggestion(child.ReferralId, offer.OfferId, offer.Name, offer.Category, km,
                    before[chosen], after[chosen], categories, alternatives, text));
            }
            else
            {
                var alternatives = fitting.Select(Alternative).ToList();
                var seatsBefore = fitting.Sum(x => before[x.Index]);
                var reason = fitting.Count == 0
                    ? $"Ingen plads i forslaget: kommunen har intet aktivt tilbud, der passer. {CategoryFit.Explain(child.Track)}."
                    : seatsBefore == 0
                        ? $"Ingen plads i forslaget: {Fitting(fitting.Count)} har ingen ledige pladser fra startdatoen. {CategoryFit.Explain(child.Track)}."
                        : $"Ingen plads i forslaget: {Fitting(fitting.Count)} har {(fitting.Count == 1 ? "" : "tilsammen ")}{Seats(seatsBefore)}, " +
                          $"og {(seatsBefore == 1 ? "den er brugt" : "de er alle brugt")} i rundens forslag. {CategoryFit.Explain(child.Track)}.";
                reason += " Udvalget kan visitere med en begrundet tilsidesættelse af kapaciteten, tilbagevise med anbefalinger eller udsætte sagen.";
                unplaced.Add(new UnplacedChild(child.ReferralId, child.Track, categories, alternatives, reason + AlternativesText(alternatives)));
            }
        }
        return new RoundSuggestion(method, placements, unplaced);
    }

    private static string AlternativesText(IReadOnlyList<SuggestionAlternative> alternatives)
    {
        if (alternatives.Count == 0) return " Der er ingen andre passende tilbud.";
        var shown = alternatives.Take(AlternativesInText)
            .Select(a => $"{a.OfferName} ({a.Category.Danish()}) {Km(a.DistanceKm)}, {Seats(a.SeatsLeftAfter)} efter forslaget");
        var more = alternatives.Count > AlternativesInText ? $" og {alternatives.Count - AlternativesInText} flere" : "";
        return $" Alternativer: {string.Join("; ", shown)}{more}.";
    }

    private static string Fitting(int count) => count == 1 ? "det eneste passende tilbud" : $"de {count} passende tilbud";

    private static string Km(double km) => km.ToString("0.0", DanishTime.Culture) + " km";

    private static string Seats(int seats) => seats switch
    {
        <= 0 => "ingen ledige pladser",
        1 => "1 ledig plads",
        _ => $"{seats} ledige pladser",
    };
}
