namespace Visitation.Workflows.Common;

/// <summary>Input checks that raise <see cref="InvalidInputException"/> with a Danish message naming the field.</summary>
public static class Guard
{
    public static string Text(string? value, string field, string label, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidInputException(field, $"{label} skal udfyldes.");
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            throw new InvalidInputException(field, $"{label} må højst være {maxLength} tegn.");
        return trimmed;
    }

    public static string? OptionalText(string? value, string field, string label, int maxLength = 4000) =>
        string.IsNullOrWhiteSpace(value) ? null : Text(value, field, label, maxLength);

    public static int Positive(int value, string field, string label) =>
        value > 0 ? value : throw new InvalidInputException(field, $"{label} skal være større end 0.");
}
