using System.Globalization;

namespace Visitation.Workflows.Common;

/// <summary>
/// Times are stored in UTC; people read them in Danish time. A deadline at midnight Danish time is
/// the day before in UTC, so every date shown to a person, and every "which day is it", goes through here.
/// </summary>
public static class DanishTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("da-DK");

    public static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    public static DateOnly Date(DateTimeOffset at) => DateOnly.FromDateTime(Local(at).DateTime);

    /// <summary>"1. oktober 2026".</summary>
    public static string LongDate(DateTimeOffset at) => Local(at).ToString("d. MMMM yyyy", Culture);

    public static string LongDate(DateOnly date) => date.ToString("d. MMMM yyyy", Culture);

    /// <summary>Midnight at the start of <paramref name="day"/> in Danish time, as UTC.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>Midnight at the end of <paramref name="day"/> in Danish time, as UTC: a deadline on that day is kept until then.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => StartOfDay(day.AddDays(1));
}
