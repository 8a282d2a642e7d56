using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Visitation.Documents.Letters;

namespace Visitation.Documents.Templates;

/// <summary>
/// The template versions embedded in this assembly (Templates/letters.v{n}.json). Versions are never
/// edited once letters have gone out with them: changed wording is a new file, so any stored letter
/// can be re-rendered from the version it names.
/// </summary>
public sealed class LetterTemplateCatalog
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Lazy<LetterTemplateCatalog> Embedded = new(() => Load(typeof(LetterTemplateCatalog).Assembly));

    private readonly SortedDictionary<int, LetterTemplate> _versions;

    private LetterTemplateCatalog(SortedDictionary<int, LetterTemplate> versions) => _versions = versions;

    /// <summary>The templates shipped in this assembly.</summary>
    public static LetterTemplateCatalog Default => Embedded.Value;

    public LetterTemplate Latest => _versions.Values.Last();

    public IReadOnlyList<string> Versions => [.. _versions.Values.Select(template => template.Version)];

    /// <summary>The given version, or the latest when <paramref name="version"/> is null.</summary>
    public LetterTemplate Get(string? version)
    {
        if (version is null)
        {
            return Latest;
        }

        return int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && _versions.TryGetValue(number, out var template)
            ? template
            : throw new TemplateException($"There is no letter template version '{version}'. Known versions: {string.Join(", ", Versions)}.");
    }

    /// <summary>Reads a template from JSON and checks it is complete. Public so tests can load drafts.</summary>
    public static LetterTemplate Parse(string json)
    {
        var template = JsonSerializer.Deserialize<LetterTemplate>(json, Json)
            ?? throw new TemplateException("The letter template is empty.");
        Validate(template);
        return template;
    }

    private static LetterTemplateCatalog Load(Assembly assembly)
    {
        var versions = new SortedDictionary<int, LetterTemplate>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Templates.letters.v", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var template = Parse(reader.ReadToEnd());
            var expectedName = $"Templates.letters.v{template.Version}.json";
            if (name != expectedName || !int.TryParse(template.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new TemplateException($"The template resource {name} declares version '{template.Version}'; it must be a whole number matching the file name.");
            }

            versions.Add(number, template);
        }

        return versions.Count > 0
            ? new LetterTemplateCatalog(versions)
            : throw new TemplateException($"No letter templates are embedded in {assembly.GetName().Name}.");
    }

    private static void Validate(LetterTemplate template)
    {
        var problems = new List<string>();
        if (template.MonthNames.Count != 12)
        {
            problems.Add($"monthNames has {template.MonthNames.Count} entries, not 12");
        }

        foreach (var kind in Enum.GetValues<LetterKind>())
        {
            if (!template.Kinds.TryGetValue(kind, out var wording))
            {
                problems.Add($"no wording for {kind}");
                continue;
            }

            if (wording.Appealable && wording.LegalBasis.Count == 0)
            {
                problems.Add($"{kind} is appealable but names no legal basis");
            }

            if (kind == LetterKind.Postponement && wording.Postponement is null)
            {
                problems.Add("Postponement has no postponement wording");
            }

            if (kind == LetterKind.Postponement && wording.Appealable)
            {
                problems.Add("a postponement is not a decision and cannot be appealable");
            }
        }

        foreach (var text in AllTexts(template))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add("a text is blank");
            }

            problems.AddRange(TemplateText.PlaceholdersIn(text)
                .Where(name => !TemplateText.Known.Contains(name))
                .Select(name => $"unknown placeholder {{{name}}} in \"{text}\""));
        }

        if (problems.Count > 0)
        {
            throw new TemplateException($"Letter template version {template.Version} is incomplete: {string.Join("; ", problems)}.");
        }
    }

    internal static IEnumerable<string> AllTexts(LetterTemplate template)
    {
        var labels = template.Labels;
        IEnumerable<string> texts =
        [
            labels.Date, labels.CaseNumber, labels.ContactPerson, labels.Phone, labels.Salutation, labels.Reasons,
            labels.RulesApplied, labels.MainConsiderations, labels.FactsReliedOn, labels.Recommendations,
            labels.LegalBasis, labels.NextSteps, labels.AccessToFiles, labels.Questions, labels.Closing,
            labels.AlsoSentTo, labels.Replaces, labels.PageNumber, labels.Footer, labels.ContinuationHeader,
            template.Complaint.Heading, template.Complaint.BoardLabel, template.Complaint.SendToLabel,
            template.Complaint.DeadlineLabel, template.Complaint.SendTo,
            .. template.Complaint.Paragraphs, .. template.AccessToFiles, .. template.Questions, .. template.MonthNames,
        ];

        foreach (var wording in template.Kinds.Values)
        {
            texts = texts.Concat([wording.Subject, wording.Description, wording.DecisionHeading, .. wording.Intro, .. wording.NextSteps, .. wording.LegalBasis]);
            if (wording.Postponement is { } postponement)
            {
                texts = texts.Concat([postponement.WhyHeading, postponement.MissingIntro, postponement.WhenHeading, .. postponement.When, .. postponement.NotADecision]);
            }
        }

        return texts;
    }
}
