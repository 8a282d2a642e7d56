using System.Globalization;

namespace Visitation.Documents.Templates;

/// <summary>
/// Dates as Danish letters write them ("24. december 2026"). Month names come from the template rather
/// than from ICU, so the output cannot change with the host's culture data.
/// </summary>
public static class DanishDates
{
    public static string Format(DateOnly date, IReadOnlyList<string> monthNames)
    {
        ArgumentNullException.ThrowIfNull(monthNames);
        if (monthNames.Count != 12)
        {
            throw new TemplateException($"A template must name 12 months, not {monthNames.Count}.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{date.Day}. {monthNames[date.Month - 1]} {date.Year}");
    }
}
