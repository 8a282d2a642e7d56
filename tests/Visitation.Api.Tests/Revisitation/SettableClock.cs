namespace Visitation.Api.Tests.Revisitation;

/// <summary>
/// The domain's clock, set by the test: a revisitation lives over months, so tests move time on instead of
/// waiting. Sign-in tokens are checked against the real clock, so moving this one does not sign anyone out.
/// </summary>
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset at) => Interlocked.Exchange(ref _ticks, at.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
