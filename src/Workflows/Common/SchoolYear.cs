using System.Globalization;

namespace Visitation.Workflows.Common;

/// <summary>
/// A school year (skoleår): twelve months from the first day of <see cref="StartMonth"/> in
/// <see cref="StartYear"/>. The start month is rule-set data (<c>rounds.schoolYearStartMonth</c>);
/// in Denmark it is August, so 2026/27 runs from 1 August 2026 to 31 July 2027.
/// </summary>
public readonly record struct SchoolYear
{
    public int StartYear { get; }
    public int StartMonth { get; }

    public SchoolYear(int startYear, int startMonth = 8)
    {
        if (startMonth is < 1 or > 12)
            throw new InvalidInputException("schoolYearStartMonth", "Skoleårets startmåned skal være 1-12.");
        if (startYear is < 2000 or > 2200)
            throw new InvalidInputException("schoolYear", "Skoleåret skal ligge mellem år 2000 og 2200.");
        StartYear = startYear;
        StartMonth = startMonth;
    }

    public DateOnly FirstDay => new(StartYear, StartMonth, 1);

    public DateOnly LastDay => FirstDay.AddYears(1).AddDays(-1);

    public bool Contains(DateOnly date) => date >= FirstDay && date <= LastDay;

    public bool Contains(DateTimeOffset at) => Contains(DanishTime.Date(at));

    public SchoolYear Next => new(StartYear + 1, StartMonth);

    /// <summary>"2026/27"; a school year that follows the calendar year is just "2026".</summary>
    public string Name => StartMonth == 1
        ? StartYear.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{StartYear}/{(StartYear + 1) % 100:00}");

    public static SchoolYear Containing(DateOnly date, int startMonth = 8) =>
        new(date.Month >= startMonth ? date.Year : date.Year - 1, startMonth);

    public static SchoolYear Containing(DateTimeOffset at, int startMonth = 8) => Containing(DanishTime.Date(at), startMonth);

    public override string ToString() => Name;
}
