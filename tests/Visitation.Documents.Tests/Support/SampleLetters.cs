using Visitation.Documents.Letters;

namespace Visitation.Documents.Tests.Support;

/// <summary>Realistic letters for a fictional municipality; names carry æ, ø and å on purpose.</summary>
internal static class SampleLetters
{
    public static readonly DateOnly LetterDate = new(2026, 11, 26);
    public static readonly DateOnly DeliveredOn = new(2026, 11, 26);

    public static readonly Recipient Mother = new("Mette Østergård", new PostalAddress("Æblehaven 7, 1. th.", "9990", "Fjordby"));
    public static readonly Recipient Father = new("Søren Nørgaard", new PostalAddress("Skovvænget 12", "9991", "Ålbæk Strand"));

    public static DecisionLetter Placement() => new()
    {
        Kind = LetterKind.CommitteePlacement,
        Letterhead = new Letterhead(
            "Fjordby Kommune",
            "Børn og Unge, Visitationsudvalget",
            new PostalAddress("Rådhuspladsen 1", "9990", "Fjordby"),
            "70 11 22 33",
            "visitation@fjordby.dk")
        { Website = "fjordby.dk" },
        Recipient = Mother,
        Date = LetterDate,
        CaseNumber = "17.01.10-G01-42-26",
        ChildName = "Asta Østergård Nørgaard",
        DecidedBy = "Visitationsudvalget",
        DecidedOn = new DateOnly(2026, 11, 24),
        Decision =
            "Asta Østergård Nørgaard får plads i Specialtilbud 1, Solsikken på Kærholm Skole, fra den 4. januar 2027.\n\n"
            + "Pladsen omfatter undervisning i en klasse med højst otte elever og et fast team af lærere og pædagoger.",
        Reasons = new Reasons(
            "Afgørelsen er truffet efter folkeskolelovens § 3, stk. 2, og § 20, stk. 2. Specialundervisning gives til børn, hvis udvikling kræver en særlig hensyntagen eller støtte, som ikke kan gives inden for rammerne af den almindelige undervisning.",
            "Udvalget har lagt vægt på, at Asta trods støtte i almenklassen og i en mellemform i over et år ikke har haft den forventede faglige og sociale udvikling. Udvalget har også lagt vægt på nærhedsprincippet, på børnefællesskaber, der passer til Asta, og på, at Solsikken har de faglige kompetencer og den kapacitet, der skal til.",
            [
                "Pædagogisk-psykologisk vurdering af 12. oktober 2026",
                "Handleplan fra Fjordby Skole med mål, indsatser og effekt siden august 2025",
                "Elevplan fra Fjordby Skole",
                "Forældreudtalelse af 2. november 2026",
                "Samtale med Asta om hendes egen oplevelse af skolen, 28. oktober 2026",
            ]),
        NextSteps = ["Opstartsmøde på Kærholm Skole den 10. december 2026 kl. 9.00."],
        Complaint = new ComplaintGuidance("Klagenævnet for Specialundervisning", DeliveredOn, DeadlineWeeks: 4, ReassessmentWeeks: 4),
        Contact = new ContactPerson("Birgitte Skårup", "sagsbehandler", "70 11 22 45", "bisk@fjordby.dk"),
        Signature = new Signature("Hanne Lærkesen", "Formand for Visitationsudvalget"),
        RuleSetVersion = "2026.1",
    };

    public static DecisionLetter ReturnToGeneral() => Placement() with
    {
        Kind = LetterKind.ReturnToGeneral,
        Decision = "Asta Østergård Nørgaard skal ikke have et specialtilbud nu. Asta fortsætter i sin klasse på Fjordby Skole med specialpædagogisk støtte.",
        Recommendations =
        [
            "Skolen inddrager PPR i en plan for Astas trivsel i frikvartererne.",
            "Asta får støtte af en fast voksen i dansk og matematik i 6 timer om ugen.",
            "Handleplanen følges op på et møde med forældrene inden for otte uger.",
        ],
        NextSteps = [],
    };

    public static DecisionLetter Postponement() => Placement() with
    {
        Kind = LetterKind.Postponement,
        Decision = "",
        Reasons = null,
        Complaint = null,
        NextSteps = [],
        Postponement = new PostponementNotice(
            "Henvisningen manglede den opdaterede pædagogisk-psykologiske vurdering, og udvalget kan ikke træffe afgørelse uden den.",
            ["Opdateret pædagogisk-psykologisk vurdering", "Forældreudtalelse"],
            new DateOnly(2027, 1, 14)),
    };

    public static DecisionLetter Revisitation(LetterKind kind) => Placement() with
    {
        Kind = kind,
        DecidedBy = "Lederen af Solsikken",
        Decision = kind switch
        {
            LetterKind.RevisitationContinue => "Asta fortsætter i Specialtilbud 1, Solsikken, i skoleåret 2027/28.",
            LetterKind.RevisitationChange => "Asta fortsætter i Solsikken, men går fra 1. marts 2027 i sin klasse på Fjordby Skole i dansk og idræt.",
            _ => "Astas plads i Solsikken ophører den 30. juni 2027. Asta vender tilbage til Fjordby Skole gennem en udslusning.",
        },
        NextSteps = [],
    };

    /// <summary>The placement letter with long facts and reasons: enough text for several pages.</summary>
    public static DecisionLetter Long(int extraParagraphs) => Placement() with
    {
        Decision = string.Join("\n\n", Enumerable.Range(1, extraParagraphs).Select(i =>
            $"Afsnit {i}: Udvalget har gennemgået sagens oplysninger grundigt og vurderet Astas faglige, sociale og personlige udvikling i almenklassen, i mellemformen og i fritiden, herunder hvad skolen har forsøgt, hvor længe og med hvilken effekt.")),
    };
}
