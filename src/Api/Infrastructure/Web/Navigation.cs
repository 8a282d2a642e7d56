using Visitation.Workflows.Access;

namespace Visitation.Api.Infrastructure.Web;

/// <param name="OnlyIfMapped">A page of another feature: shown only when this build maps an endpoint at <paramref name="Path"/>.</param>
public sealed record NavLink(string Text, string Path, bool OnlyIfMapped = false);

/// <summary>
/// Each role's start page and the links in its menu. A new page for a role (revisitation, PPV,
/// rounds) is added to its folder under <c>Pages/</c> and, when it belongs in the menu, here.
/// </summary>
public static class Navigation
{
    public static string StartPage(Role role) => role switch
    {
        Role.CommitteeMember => "/udvalg",
        Role.DistrictSchoolLeader => "/skole",
        Role.OfferLeader => "/tilbud",
        Role.Psychologist => "/psykolog",
        Role.Guardian => "/foraeldre",
        Role.Administrator => "/administration",
        _ => "/",
    };

    public static IReadOnlyList<NavLink> For(Role role) => role switch
    {
        Role.CommitteeMember => [new("Runder og sager", "/udvalg"), new("Klager", "/udvalg/klager"), new("Styringstal", "/figures", OnlyIfMapped: true)],
        Role.DistrictSchoolLeader => [new("Skolens henvisninger", "/skole"), new("Børn i specialtilbud", "/skole/specialtilbud"), new("PPV", "/skole/ppv")],
        Role.OfferLeader => [new("Børn i tilbuddet", "/tilbud"), new("Revisitationsplan", "/tilbud/revisitationer")],
        Role.Psychologist => [new("Henvisninger", "/psykolog"), new("PPV-sager", "/psykolog/ppv")],
        Role.Guardian => [new("Mine børns sager", "/foraeldre")],
        Role.Administrator =>
        [
            new("Oversigt", "/administration"),
            new("Tilbud og pladser", "/administration/tilbud"),
            new("Visitationsrunder", "/administration/runder"),
            new("Regelsæt", "/administration/regelsaet"),
            new("Arbejdsgange", "/administration/arbejdsgange"),
            new("Styringstal", "/figures", OnlyIfMapped: true),
        ],
        _ => [],
    };

    /// <summary>The role's menu, without links to features this build does not map.</summary>
    public static IReadOnlyList<NavLink> Menu(Role role, EndpointDataSource endpoints) =>
        For(role).Where(link => !link.OnlyIfMapped || endpoints.Endpoints.OfType<RouteEndpoint>()
            .Any(e => string.Equals(e.RoutePattern.RawText?.Trim('/'), link.Path.Trim('/'), StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>The role as a heading: "Visitationsudvalget", "Forældre", ...</summary>
    public static string GroupTitle(Role role) => role switch
    {
        Role.CommitteeMember => "Visitationsudvalget",
        Role.DistrictSchoolLeader => "Distriktsskoleledere",
        Role.OfferLeader => "Ledere af specialtilbud",
        Role.Psychologist => "Psykologer (PPR/TCBU)",
        Role.Guardian => "Forældre",
        Role.Administrator => "Administration",
        _ => role.ToString(),
    };
}
