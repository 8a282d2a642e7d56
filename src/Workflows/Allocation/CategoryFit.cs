using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Allocation;

/// <summary>
/// Which offer categories can meet the needs of a referral sorted into a track at the triage meeting.
/// The one place this mapping lives: suggestions and explanations read it from here.
/// </summary>
public static class CategoryFit
{
    private static readonly IReadOnlyDictionary<Track, IReadOnlyList<OfferCategory>> Fits = new Dictionary<Track, IReadOnlyList<OfferCategory>>
    {
        // Track 1, special offers: the broad Specialtilbud 1, or a time-limited course (e.g. speech and language).
        [Track.SpecialOffers] = [OfferCategory.Specialtilbud1, OfferCategory.Kursustilbud],
        // Track 2, socio-emotional: normal cognition with behaviour, contact or well-being needs.
        [Track.SocioEmotional] = [OfferCategory.Specialtilbud2],
        // Track 3, far-reaching: the few children with the greatest needs.
        [Track.FarReaching] = [OfferCategory.Vidtgaaende],
    };

    public static IReadOnlyList<OfferCategory> For(Track track) =>
        Fits.TryGetValue(track, out var categories) ? categories : [];

    public static bool Fit(Track track, OfferCategory category) => For(track).Contains(category);

    /// <summary>"spor 1: specialtilbud passer til Specialtilbud 1, Kursustilbud".</summary>
    public static string Explain(Track track) =>
        $"{Capitalised(track.Danish())} passer til {RoundCalendar.CategoryNames(For(track))}";

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
