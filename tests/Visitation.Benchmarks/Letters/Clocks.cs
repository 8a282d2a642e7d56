using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Visitation.Benchmarks.Letters;

/// <summary>
/// Wall time and this thread's CPU time per step. On a loaded machine the wall time of a step includes
/// the time the thread waited for a core; its CPU time does not, so the CPU column is the steadier
/// one for comparing steps (collections that run on the allocating thread are included in the step
/// that triggered them).
/// </summary>
internal sealed class StepClock(int steps)
{
    private long _wall;
    private double _cpu;

    public double[] WallMs { get; } = new double[steps];

    public double[] CpuMs { get; } = new double[steps];

    public void Start()
    {
        _wall = Stopwatch.GetTimestamp();
        _cpu = ThreadCpu.Milliseconds();
    }

    public void Lap(int step)
    {
        var wall = Stopwatch.GetTimestamp();
        var cpu = ThreadCpu.Milliseconds();
        WallMs[step] += Stopwatch.GetElapsedTime(_wall, wall).TotalMilliseconds;
        CpuMs[step] += cpu - _cpu;
        _wall = wall;
        _cpu = cpu;
    }
}

/// <summary>CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>); NaN elsewhere.</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static double Milliseconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ClockThreadCpuTimeId, out var time) != 0) return double.NaN;
        return (time.Seconds * 1000.0) + (time.Nanoseconds / 1_000_000.0);
    }
}

/// <summary>
/// CPU time of this process and every process it started, directly or not (for the Chromium row: the
/// Playwright node driver and Chromium's browser, renderer and utility processes), from /proc in clock
/// ticks (10 ms). Null where /proc is missing.
/// </summary>
internal static class ProcessTreeCpu
{
    private const double MsPerTick = 10; // USER_HZ is 100 on Linux.

    public static double? Milliseconds()
    {
        if (!Directory.Exists("/proc")) return null;
        var self = Environment.ProcessId;
        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (IOException)
            {
                continue; // the process ended while we looked
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid ... utime stime ...": comm may hold spaces, so split after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        var total = 0L;
        foreach (var (pid, used) in ticks)
        {
            for (var p = pid; p > 1; p = parents.GetValueOrDefault(p))
            {
                if (p == self)
                {
                    total += used;
                    break;
                }
            }
        }

        return total * MsPerTick;
    }
}
