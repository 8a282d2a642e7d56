namespace Visitation.Workflows.Allocation;

/// <summary>
/// The baseline the optimiser is measured against: children in the order their referrals were
/// completed, each to the nearest fitting offer with a seat left.
/// </summary>
public sealed class GreedySuggester : IPlacementSuggester
{
    public SuggestionMethod Method => SuggestionMethod.NearestFirst;

    public RoundSuggestion Suggest(IReadOnlyList<ChildToPlace> children, IReadOnlyList<OfferWithSeats> offers)
    {
        SuggestionChecks.EnsureDistinct(children, offers);
        var left = offers.Select(o => Math.Max(0, o.SeatsLeft)).ToArray();
        var assignment = new Dictionary<Guid, int>();
        foreach (var child in children.OrderBy(c => c.SubmittedAt).ThenBy(c => c.ReferralId))
        {
            var best = -1;
            var bestKm = double.MaxValue;
            for (var o = 0; o < offers.Count; o++)
            {
                if (left[o] == 0 || !CategoryFit.Fit(child.Track, offers[o].Category)) continue;
                var km = child.Home.KilometresTo(offers[o].Location);
                if (km < bestKm || (km == bestKm && offers[o].OfferId.CompareTo(offers[best].OfferId) < 0))
                {
                    best = o;
                    bestKm = km;
                }
            }
            if (best < 0) continue;
            left[best]--;
            assignment[child.ReferralId] = best;
        }
        return SuggestionExplainer.Explain(Method, children, offers, assignment);
    }
}
