using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Allocation;

/// <summary>A child of the round to suggest an offer for.</summary>
/// <param name="Home">Where the child's district school lies; distances are measured from here (nærhedsprincippet).</param>
/// <param name="SubmittedAt">When the referral was submitted complete; the greedy baseline takes children in this order.</param>
public sealed record ChildToPlace(Guid ReferralId, Track Track, GeoPoint Home, DateTimeOffset SubmittedAt, Guid? DistrictSchoolId = null);

/// <summary>An offer with the seats it has left from the placements' start date (see <see cref="CapacityLedger.SeatsLeftFrom"/>).</summary>
/// <param name="Location">Where the host school lies.</param>
public sealed record OfferWithSeats(Guid OfferId, string Name, OfferCategory Category, GeoPoint Location, int SeatsLeft);

/// <summary>Another offer that fits the child, with its distance and seats.</summary>
/// <param name="SeatsLeftBefore">Seats the offer had before this round's suggestions.</param>
/// <param name="SeatsLeftAfter">Seats the offer still has when every suggestion of the round is followed.</param>
public sealed record SuggestionAlternative(Guid OfferId, string OfferName, OfferCategory Category, double DistanceKm,
    int SeatsLeftBefore, int SeatsLeftAfter);

/// <summary>A suggested offer for one child, explained. It decides nothing: the committee does.</summary>
/// <param name="Alternatives">The other fitting offers, nearest first.</param>
/// <param name="Explanation">Danish: category fit, seats left, distance and the nearest alternatives.</param>
public sealed record PlacementSuggestion(Guid ReferralId, Guid OfferId, string OfferName, OfferCategory Category, double DistanceKm,
    int SeatsLeftBefore, int SeatsLeftAfter, IReadOnlyList<OfferCategory> FittingCategories,
    IReadOnlyList<SuggestionAlternative> Alternatives, string Explanation);

/// <summary>A child the suggestion found no seat for, and why.</summary>
public sealed record UnplacedChild(Guid ReferralId, Track Track, IReadOnlyList<OfferCategory> FittingCategories,
    IReadOnlyList<SuggestionAlternative> Alternatives, string Reason);

public enum SuggestionMethod
{
    /// <summary>Every child of the round at once, least total travel distance (min-cost flow).</summary>
    LeastTotalDistance,
    /// <summary>Child by child in submission order, each to the nearest fitting offer with a seat.</summary>
    NearestFirst,
}

/// <summary>A suggested assignment of a round's children to offers.</summary>
public sealed record RoundSuggestion(SuggestionMethod Method, IReadOnlyList<PlacementSuggestion> Placements, IReadOnlyList<UnplacedChild> Unplaced)
{
    public const string Notice = "Forslaget er et udgangspunkt for visitationsudvalgets drøftelse. Udvalget træffer afgørelsen og vægter " +
                                 "også børnefællesskaber, faglige kompetencer og barnets og forældrenes ønsker.";

    public double TotalDistanceKm => Placements.Sum(p => p.DistanceKm);

    public PlacementSuggestion? For(Guid referralId) => Placements.FirstOrDefault(p => p.ReferralId == referralId);
}

/// <summary>Suggests offers for a round's children. The suggestion never decides anything.</summary>
public interface IPlacementSuggester
{
    SuggestionMethod Method { get; }

    RoundSuggestion Suggest(IReadOnlyList<ChildToPlace> children, IReadOnlyList<OfferWithSeats> offers);
}

/// <summary>Builds the suggesters' input from the domain objects of a round.</summary>
public static class SuggestionInput
{
    /// <summary>The agenda's cases not yet decided, located at their district schools.</summary>
    public static IReadOnlyList<ChildToPlace> Children(CommitteeAgenda agenda, IEnumerable<School> schools)
    {
        var where = schools.ToDictionary(s => s.Id, s => s.Location);
        return agenda.Items
            .Where(i => i.State != ReferralState.Decided)
            .Select(i => new ChildToPlace(i.ReferralId, i.Track, Location(where, i.DistrictSchoolId), i.SubmittedAt, i.DistrictSchoolId))
            .ToList();
    }

    /// <summary>The active offers with the seats they have left from <paramref name="startDate"/>, located at their host schools.</summary>
    public static IReadOnlyList<OfferWithSeats> Offers(IEnumerable<SpecialOffer> offers, IEnumerable<School> schools, CapacityLedger capacity,
        DateOnly startDate)
    {
        var where = schools.ToDictionary(s => s.Id, s => s.Location);
        return offers
            .Where(o => o.IsActive)
            .Select(o => new OfferWithSeats(o.Id, o.Name, o.Category, Location(where, o.HostSchoolId),
                Math.Max(0, capacity.SeatsLeftFrom(o.Id, startDate))))
            .ToList();
    }

    private static GeoPoint Location(Dictionary<Guid, GeoPoint> where, Guid schoolId) =>
        where.TryGetValue(schoolId, out var at) ? at : throw new InvalidOperationException($"School {schoolId} was not given.");
}
