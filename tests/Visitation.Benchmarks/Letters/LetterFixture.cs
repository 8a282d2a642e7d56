using System.Reflection;
using Visitation.Api.Features.Decisions;
using Visitation.Documents.Fonts;
using Visitation.Documents.Layout;
using Visitation.Documents.Letters;
using Visitation.Documents.Rendering;
using Visitation.Documents.Templates;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Rules;

namespace Visitation.Benchmarks.Letters;

/// <summary>
/// One committee placement decision for a synthetic child with two guardians, built the way the app
/// builds it: <see cref="WrittenDecision.Issue"/> (so it passes <c>DecisionLint</c>) and then
/// <see cref="LetterComposition.Compose"/>, which gives one <see cref="DecisionLetter"/> per guardian.
/// From the same letters it also derives what the comparison rows need: the laid-out lines (for raw
/// PDFsharp) and the composed blocks (for the HTML that Chromium prints).
/// </summary>
internal sealed class LetterFixture
{
    public static readonly DateOnly DeliveredOn = new(2026, 11, 26);
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.FromHours(1));

    public required WrittenDecision Decision { get; init; }
    public required Child Child { get; init; }
    public required IReadOnlyList<Guardian> Guardians { get; init; }
    public required MunicipalitySettings Town { get; init; }
    public required RuleSet Rules { get; init; }

    /// <summary>One letter per guardian, as <c>DeliverDecisionLetters</c> renders them.</summary>
    public required IReadOnlyList<DecisionLetter> Letters { get; init; }

    /// <summary>Per letter: the composed blocks (LetterComposer's output, before layout).</summary>
    public required IReadOnlyList<LayoutDocument> Composed { get; init; }

    /// <summary>Per letter: every line at its final position, as our layout engine breaks it.</summary>
    public required IReadOnlyList<LaidOutDocument> Laid { get; init; }

    public string Subject => $"{DeliverDecisionLetters.Subject(Decision.Kind)} – {Child.Name}";

    public string FileName(int guardian) => $"afgoerelse-{LetterComposition.CaseNumber(Decision)}-{guardian + 1}.pdf";

    public static LetterFixture Create(Guid districtSchoolId)
    {
        LetterFonts.EnsureRegistered();
        var rules = RuleSetCatalog.LoadEmbedded().InForceOn(DeliveredOn);
        var town = new MunicipalitySettings
        {
            Name = "Fjordby Kommune",
            Department = "Børn og Unge, Visitationsudvalget",
            Street = "Rådhuspladsen 1",
            PostalCode = "9990",
            City = "Fjordby",
            Phone = "70 11 22 33",
            Email = "visitation@fjordby.invalid",
            ContactName = "Birgitte Skårup",
            ContactTitle = "Sagsbehandler",
            SignatureName = "Hanne Lærkesen",
            SignatureTitle = "Formand for Visitationsudvalget",
        };
        var mother = new Guardian(Guid.NewGuid(), "Mette Østergård", SyntheticCpr.Next(adult: true), "Æblehaven 7, 1. th., 9990 Fjordby", "mette@example.invalid");
        var father = new Guardian(Guid.NewGuid(), "Søren Nørgaard", SyntheticCpr.Next(adult: true), "Skovvænget 12, 9991 Ålbæk Strand", null);
        var child = new Child(Guid.NewGuid(), "Asta Østergård Nørgaard", SyntheticCpr.Next(), districtSchoolId, [mother.Id, father.Id]);

        var content = new DecisionContent(
            "Asta Østergård Nørgaard visiteres til Specialtilbud 1, Solsikken på Kærholm Skole, fra den 4. januar 2027.\n\n"
            + "Pladsen omfatter undervisning i en klasse med højst otte elever og et fast team af lærere og pædagoger. "
            + "Asta beholder sin tilknytning til 4.B på Fjordby Skole og deltager i klassens ture og fællesarrangementer.",
            "Afgørelsen er truffet efter folkeskolelovens § 3, stk. 2, og § 20, stk. 2. Specialundervisning gives til børn, hvis "
            + "udvikling kræver en særlig hensyntagen eller støtte, som ikke kan gives inden for rammerne af den almindelige undervisning.",
            "Udvalget har lagt vægt på, at Asta trods støtte i almenklassen og i en mellemform i over et år ikke har haft den forventede "
            + "faglige og sociale udvikling. Udvalget har også lagt vægt på nærhedsprincippet, på børnefællesskaber, der passer til Asta, "
            + "og på, at Solsikken har de faglige kompetencer og den kapacitet, der skal til.",
            [
                "Handleplan fra Fjordby Skole med mål, indsatser og effekt siden august 2025",
                "Elevplan fra Fjordby Skole",
                "Forældreudtalelse af 2. november 2026",
                "Samtale med Asta om hendes egen oplevelse af skolen, 28. oktober 2026",
            ],
            [],
            [],
            ["Opstartsmøde på Kærholm Skole den 10. december 2026 kl. 9.00. Mødet holdes i personalerummet på 1. sal."]);
        var basis = new DecisionBasis("Pædagogisk-psykologisk vurdering (PPV), ppv-asta-2026.pdf, modtaget 12. oktober 2026",
            HasParentStatement: true, HasConcludedHearing: true, GuardianCount: 2);
        var decision = WrittenDecision.Issue(Guid.NewGuid(), WrittenDecisionKind.CommitteePlacement, WrittenDecisionCaseTypes.Referral,
            Guid.NewGuid(), Guid.NewGuid(), child.Id, "Visitationsudvalget", new DateOnly(2026, 11, 24), content, basis, rules,
            Actor.Committee(Guid.NewGuid(), "Hanne Lærkesen"), Now);

        Guardian[] guardians = [mother, father];
        var letters = LetterComposition.Compose(decision, child, guardians, town, rules, DeliveredOn);
        var composer = new Composer();
        var composed = letters.Select(letter => composer.Compose(letter, out _)).ToList();
        var laid = composed.Select(Layout).ToList();
        return new LetterFixture
        {
            Decision = decision,
            Child = child,
            Guardians = guardians,
            Town = town,
            Rules = rules,
            Letters = letters,
            Composed = composed,
            Laid = laid,
        };
    }

    public static LaidOutDocument Layout(LayoutDocument document)
    {
        using var measurer = new PdfTextMeasurer(new PdfFontSet());
        return new LayoutEngine(measurer).Layout(document);
    }

    /// <summary>The bottom of page 1's fixed blocks plus the gap: where our flow starts on page 1 (HTML uses it too).</summary>
    public static double FlowTop(LayoutDocument document)
    {
        using var measurer = new PdfTextMeasurer(new PdfFontSet());
        var engine = new LayoutEngine(measurer);
        var scratch = new LaidOutPage();
        var top = document.Page.MarginTop;
        foreach (var positioned in document.FirstPage)
        {
            top = Math.Max(top, engine.Place(positioned, scratch) + document.GapAfterFirstPageBlocks);
        }

        return top;
    }
}

/// <summary>
/// <c>LetterComposer</c> is internal to Visitation.Documents. The benchmark calls it (and the other
/// internal steps of <see cref="LetterRenderer.RenderLetter"/>) through delegates bound once by
/// reflection, so the comparison rows start from exactly the blocks and lines our renderer draws, and the
/// profile can time each step. If src/Documents renames them, this fails at start-up with the name.
/// </summary>
internal sealed class Composer
{
    public delegate LayoutDocument ComposeFn(DecisionLetter letter, out string subject);

    private static readonly Assembly Documents = typeof(LetterRenderer).Assembly;
    private readonly Dictionary<string, ComposeFn> _byVersion = [];

    public LayoutDocument Compose(DecisionLetter letter, out string subject) => For(LetterTemplateCatalog.Default.Get(letter.TemplateVersion))(letter, out subject);

    public ComposeFn For(LetterTemplate template)
    {
        if (!_byVersion.TryGetValue(template.Version, out var compose))
        {
            var type = InternalType("Visitation.Documents.Rendering.LetterComposer");
            var instance = Activator.CreateInstance(type, template)!;
            var method = type.GetMethod("Compose", BindingFlags.Public | BindingFlags.Instance)
                ?? throw new MissingMethodException(type.FullName, "Compose");
            compose = method.CreateDelegate<ComposeFn>(instance);
            _byVersion.Add(template.Version, compose);
        }

        return compose;
    }

    public static Type InternalType(string name) =>
        Documents.GetType(name, throwOnError: false) ?? throw new TypeLoadException($"{name} is not in {Documents.GetName().Name}; the benchmark's reflection needs updating.");

    public static TDelegate Static<TDelegate>(Type type, string name) where TDelegate : Delegate =>
        (type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new MissingMethodException(type.FullName, name)).CreateDelegate<TDelegate>();
}
