using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Visitation.Benchmarks;

/// <summary>PostgreSQL's own pgbench, run against the same database as the transitions, for a yardstick.</summary>
internal sealed partial class PgBench(string executable, string connectionString)
{
    public const string InstallHint = "pgbench not found on PATH or under /usr/lib/postgresql/*/bin; it ships with Debian's postgresql(-client) package (apt-get install postgresql-client).";

    public string Executable => executable;

    public static string? Find()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "pgbench"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null) return onPath;
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", "pgbench"))
                .FirstOrDefault(File.Exists)
            : null;
    }

    public async Task<string> VersionAsync() => (await RunAsync("--version")).Trim();

    /// <summary>Scale 1: 100 000 accounts. Creates pgbench_* tables beside the application's.</summary>
    public Task InitAsync() => RunAsync("-i", "-q", "-s", "1");

    /// <summary>The built-in simple-update script (-N): per transaction one UPDATE, one SELECT and one INSERT.</summary>
    public async Task<double> SimpleUpdateTpsAsync(int clients, int seconds)
    {
        var output = await RunAsync("-N", "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-j", clients.ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture));
        var match = TpsLine().Match(output);
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("pgbench printed no tps line:\n" + output);
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    private async Task<string> RunAsync(params string[] arguments)
    {
        var db = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (arguments is not ["--version"])
        {
            start.ArgumentList.Add("-h");
            start.ArgumentList.Add(db.Host ?? "127.0.0.1");
            start.ArgumentList.Add("-p");
            start.ArgumentList.Add(db.Port.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("-U");
            start.ArgumentList.Add(db.Username ?? "postgres");
            start.ArgumentList.Add(db.Database ?? "postgres");
            if (db.Password is { } password) start.Environment["PGPASSWORD"] = password;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout + await stderr;
        return process.ExitCode == 0
            ? text
            : throw new InvalidOperationException($"pgbench {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{text}");
    }
}
