using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Visitation.Workflows.Common;

/// <summary>
/// A Danish personal identification number (CPR): DDMMYY followed by a four-digit sequence whose first
/// digit, together with the year, gives the century. Since 2007 not every number satisfies modulus 11,
/// so only the shape and the date are checked. The repository only ever holds synthetic numbers.
/// </summary>
public readonly record struct CprNumber
{
    public string Value { get; }

    private CprNumber(string value) => Value = value;

    public DateOnly BirthDate => ParseBirthDate(Value)!.Value;

    public static CprNumber Parse(string? input, string field = "cpr") =>
        TryParse(input, out var cpr)
            ? cpr
            : throw new InvalidInputException(field, "CPR-nummeret skal bestå af 10 cifre (DDMMÅÅ-XXXX) og begynde med en gyldig dato.");

    public static bool TryParse(string? input, [NotNullWhen(true)] out CprNumber cpr)
    {
        cpr = default;
        if (string.IsNullOrWhiteSpace(input)) return false;
        var digits = input.Trim().Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit)) return false;
        if (ParseBirthDate(digits) is null) return false;
        cpr = new CprNumber(digits);
        return true;
    }

    /// <summary>Lists and logs show the birth date part only; the sequence identifies the person.</summary>
    public string Masked => $"{Value[..6]}-XXXX";

    public override string ToString() => $"{Value[..6]}-{Value[6..]}";

    private static DateOnly? ParseBirthDate(string digits)
    {
        var day = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var month = int.Parse(digits[2..4], CultureInfo.InvariantCulture);
        var yy = int.Parse(digits[4..6], CultureInfo.InvariantCulture);
        var centuryDigit = digits[6] - '0';
        var century = centuryDigit switch
        {
            <= 3 => 1900,
            4 or 9 => yy <= 36 ? 2000 : 1900,
            _ => yy <= 57 ? 2000 : 1800,
        };
        var year = century + yy;
        if (month is < 1 or > 12) return null;
        if (day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new DateOnly(year, month, day);
    }

    /// <summary>
    /// Makes a number of valid shape for a synthetic child born on <paramref name="birthDate"/>. The
    /// sequence part is drawn from <paramref name="random"/> so demo data is reproducible.
    /// </summary>
    public static CprNumber Synthetic(DateOnly birthDate, Random random)
    {
        // The seventh digit with the two-digit year gives the century (see ParseBirthDate): 4/9 cover
        // 2000-2036, 5-8 cover 2000-2057 and 1858-1899, 0-3 cover the 1900s.
        var centuryDigit = birthDate.Year switch
        {
            >= 2000 and <= 2036 => 4 + 5 * random.Next(2),
            >= 1900 and <= 1999 => random.Next(4),
            (>= 1858 and <= 1899) or (>= 2037 and <= 2057) => 5 + random.Next(4),
            _ => throw new ArgumentOutOfRangeException(nameof(birthDate), birthDate, "A CPR number can only hold birth dates from 1858 to 2057."),
        };
        var rest = random.Next(0, 1000);
        var text = string.Create(CultureInfo.InvariantCulture, $"{birthDate:ddMMyy}{centuryDigit}{rest:000}");
        return Parse(text);
    }
}
