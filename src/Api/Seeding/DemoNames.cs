using Visitation.Workflows.Schools;

namespace Visitation.Api.Seeding;

/// <summary>
/// Word lists for the synthetic demo municipality. Names are common Danish first names and surnames
/// combined at random, so no person in the demo data is a real person; school, offer and street names
/// are invented.
/// </summary>
internal static class DemoNames
{
    public static readonly string[] Girls =
    [
        "Emma", "Ida", "Clara", "Freja", "Alma", "Ella", "Sofia", "Karla", "Anna", "Laura",
        "Agnes", "Josefine", "Olivia", "Lærke", "Mathilde", "Nora", "Asta", "Luna", "Frida", "Liva",
    ];

    public static readonly string[] Boys =
    [
        "William", "Noah", "Oscar", "Lucas", "Carl", "Victor", "Malthe", "Alfred", "Emil", "Aksel",
        "Valdemar", "Magnus", "Elias", "Frederik", "Oliver", "August", "Anton", "Villads", "Theo", "Johan",
    ];

    public static readonly string[] Women =
    [
        "Mette", "Anne", "Camilla", "Louise", "Maria", "Sara", "Line", "Julie", "Katrine", "Pernille",
        "Helle", "Susanne", "Charlotte", "Marianne", "Trine", "Stine", "Christina", "Maja",
    ];

    public static readonly string[] Men =
    [
        "Lars", "Jens", "Peter", "Michael", "Henrik", "Thomas", "Søren", "Martin", "Jesper", "Anders",
        "Rasmus", "Christian", "Morten", "Jakob", "Mads", "Kasper", "Niels", "Mikkel",
    ];

    public static readonly string[] Surnames =
    [
        "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
        "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
        "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Olesen",
        "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt", "Holm", "Eriksen", "Nørgaard", "Bach", "Dahl",
    ];

    public static readonly string[] Streets =
    [
        "Skolevej", "Bøgevej", "Lærkevej", "Engtoften", "Kirkebakken", "Møllevænget", "Ahornvej", "Fjordvænget",
        "Kastanjealle", "Solsikkevej", "Rosenhaven", "Granbakken", "Bakkedraget", "Vibevej", "Hybenvej",
        "Toftevej", "Markvej", "Kløvermarken", "Præstevænget", "Tjørnevej", "Birkelunden", "Åbrinken",
    ];

    /// <summary>Post towns in the demo area, with a point each so a school gets the nearest town's postcode.</summary>
    public static readonly (string PostCode, string Name, double Latitude, double Longitude)[] Towns =
    [
        ("7100", "Vejle", 55.709, 9.536),
        ("7120", "Vejle Øst", 55.725, 9.610),
        ("7080", "Børkop", 55.641, 9.650),
        ("7300", "Jelling", 55.756, 9.419),
        ("7182", "Bredsten", 55.706, 9.366),
        ("6040", "Egtved", 55.616, 9.307),
        ("7173", "Vonge", 55.836, 9.420),
        ("7140", "Stouby", 55.703, 9.786),
    ];

    /// <summary>28 district schools, 6 of which also host special offers.</summary>
    public static readonly string[] DistrictSchools =
    [
        "Bakkeskolen", "Fjordskolen", "Lindeskolen", "Åskolen", "Højmarkskolen", "Egeskolen",
        "Engskolen", "Bøgeskolen", "Mølleskolen", "Kirkebakkeskolen", "Søndermarkskolen", "Nørremarkskolen",
        "Vesterskolen", "Østerskolen", "Ådalsskolen", "Granskolen", "Tjørneskolen", "Lyngskolen",
        "Solbakkeskolen", "Strandskolen", "Markskolen", "Ahornskolen", "Birkeskolen", "Damskolen",
        "Engtoftskolen", "Hybenskolen", "Skovbrynskolen", "Vibeskolen",
    ];

    /// <summary>Special schools: host schools that are no one's district school.</summary>
    public static readonly string[] SpecialSchools = ["Specialskolen Skovly", "Kildebakkeskolen"];

    /// <summary>12 offers over 8 host schools; 730 seats in all.</summary>
    public static readonly (string Name, OfferCategory Category, string HostSchool, int Seats)[] Offers =
    [
        ("Autismeklasserne Bakken", OfferCategory.Specialtilbud1, "Bakkeskolen", 80),
        ("Specialklasserne Fjorden", OfferCategory.Specialtilbud1, "Fjordskolen", 70),
        ("Læringscentret Linden", OfferCategory.Specialtilbud1, "Lindeskolen", 64),
        ("Kompasklasserne", OfferCategory.Specialtilbud1, "Åskolen", 56),
        ("Trivselsklasserne Højmark", OfferCategory.Specialtilbud2, "Højmarkskolen", 72),
        ("Heldagsskolen Skovly", OfferCategory.Specialtilbud2, "Specialskolen Skovly", 80),
        ("Udskolingstilbuddet Broen", OfferCategory.Specialtilbud2, "Åskolen", 48),
        ("Kildebakkeskolen, vidtgående afdeling", OfferCategory.Vidtgaaende, "Kildebakkeskolen", 76),
        ("Kildebakkens multiklasser", OfferCategory.Vidtgaaende, "Kildebakkeskolen", 36),
        ("Egeskolens vidtgående klasser", OfferCategory.Vidtgaaende, "Egeskolen", 40),
        ("Tale- og sprogkurset", OfferCategory.Kursustilbud, "Bakkeskolen", 48),
        ("Læsekurset", OfferCategory.Kursustilbud, "Lindeskolen", 60),
    ];

    public static readonly string[] PsychologistTeams = ["TCBU Vest", "TCBU Midt", "TCBU Øst"];

    /// <summary>ASCII form of a name for a synthetic e-mail address or file name.</summary>
    public static string Slug(string text) =>
        string.Concat(text.ToLowerInvariant().Select(c => c switch
        {
            'æ' => "ae",
            'ø' => "oe",
            'å' => "aa",
            ' ' or ',' => "-",
            _ when char.IsAsciiLetterOrDigit(c) || c is '-' or '.' => c.ToString(),
            _ => "",
        })).Replace("--", "-", StringComparison.Ordinal);
}
