namespace Visitation.Workflows.Common;

/// <summary>
/// Danish public holidays (helligdage), so that planned meetings and deadlines fall on working days.
/// Store bededag is left out: it stopped being a public holiday in 2024.
/// </summary>
public static class DanishHolidays
{
    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    public static bool IsHoliday(DateOnly date)
    {
        if (date is { Month: 1, Day: 1 } or { Month: 6, Day: 5 } or { Month: 12, Day: 24 or 25 or 26 or 31 })
            return true;
        var easter = EasterSunday(date.Year);
        var offset = date.DayNumber - easter.DayNumber;
        // Skærtorsdag, langfredag, påskedag, 2. påskedag, Kristi himmelfart, pinsedag, 2. pinsedag.
        return offset is -3 or -2 or 0 or 1 or 39 or 49 or 50;
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
