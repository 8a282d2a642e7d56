using System.Globalization;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;

namespace Visitation.Api.Infrastructure.Web;

/// <summary>How the pages write dates, roles and sizes: in Danish, in Danish time.</summary>
public static class Show
{
    private static readonly CultureInfo Da = DanishTime.Culture;

    /// <summary>"26. november 2026".</summary>
    public static string Date(DateTimeOffset at) => DanishTime.LongDate(at);

    public static string Date(DateOnly date) => DanishTime.LongDate(date);

    public static string Date(DateTimeOffset? at) => at is { } a ? Date(a) : "";

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "";

    /// <summary>"26. november 2026 kl. 14.05".</summary>
    public static string DateTime(DateTimeOffset at) => $"{DanishTime.LongDate(at)} kl. {DanishTime.Local(at).ToString("HH.mm", Da)}";

    /// <summary>For a date input: yyyy-MM-dd.</summary>
    public static string IsoDate(DateTimeOffset at) => DanishTime.Date(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A role stored by name ("CommitteeMember") as Danish ("medlem af visitationsudvalget").</summary>
    public static string Role(string role) =>
        Enum.TryParse<Role>(role, out var parsed) ? parsed.Danish() : role == "System" ? "systemet" : role;

    public static string Capitalised(string text) =>
        string.IsNullOrEmpty(text) ? text : char.ToUpper(text[0], Da) + text[1..];

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} byte",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0", Da)} kB",
        _ => $"{(bytes / (1024.0 * 1024)).ToString("0.0", Da)} MB",
    };

    public static string Number(int n) => n.ToString("N0", Da);
}
