namespace Visitation.Workflows.Tests.Support;

/// <summary>Fixed points in time (Danish summer time, +02:00). The domain never reads a clock in these tests.</summary>
public static class Times
{
    public static readonly TimeSpan Cest = TimeSpan.FromHours(2);

    public static DateTimeOffset At(int year, int month, int day, int hour = 9, int minute = 0) =>
        new(year, month, day, hour, minute, 0, Cest);
}

/// <summary>A clock standing still, for the one API that takes a <see cref="TimeProvider"/>.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
