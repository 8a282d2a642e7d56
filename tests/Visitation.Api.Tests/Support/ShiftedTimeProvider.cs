namespace Visitation.Api.Tests.Support;

/// <summary>
/// The system clock moved by a fixed offset. Lets a test make the domain compute a deadline of days
/// that falls due a few real seconds from now, so Hangfire (which runs on real time) fires it.
/// </summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
