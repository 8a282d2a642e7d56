using System.Text.RegularExpressions;

namespace Visitation.Documents.Templates;

/// <summary>Fills {placeholders} in template wording. An unknown or unfilled placeholder is an error, never blank text.</summary>
public static partial class TemplateText
{
    /// <summary>Every placeholder a template may use.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "barn", "modtager", "andreModtagere", "kommune", "afdeling", "kommuneAdresse", "kommuneEmail",
        "sagsnummer", "dato", "emne", "besluttetAf", "afgoerelsesDato",
        "klageinstans", "klagefrist", "klagefristUger", "modtagetDato", "genvurderingUger",
        "behandlesDato", "erstatterDato", "erstatterId",
        "kontaktNavn", "kontaktTitel", "kontaktTelefon", "kontaktEmail",
        "side", "sider",
    };

    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        return Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            if (!Known.Contains(name))
            {
                throw new TemplateException($"The template text uses the unknown placeholder {{{name}}}: \"{template}\".");
            }

            return values.TryGetValue(name, out var value)
                ? value
                : throw new TemplateException($"No value for {{{name}}} in this letter: \"{template}\".");
        });
    }

    public static IEnumerable<string> PlaceholdersIn(string template) =>
        Placeholder().Matches(template).Select(match => match.Groups["name"].Value);

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

public sealed class TemplateException(string message) : Exception(message);
