using Visitation.Workflows.Common;

namespace Visitation.Workflows.Tests.Common;

public class DanishTimeTests
{
    [Test]
    public void A_winter_day_starts_at_23_UTC_the_evening_before_and_ends_24_hours_later()
    {
        var day = new DateOnly(2026, 11, 26);

        DanishTime.StartOfDay(day).ShouldBe(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        DanishTime.EndOfDay(day).ShouldBe(new DateTimeOffset(2026, 11, 26, 23, 0, 0, TimeSpan.Zero));
    }

    [Test]
    public void A_summer_day_starts_at_22_UTC_and_the_day_clocks_go_forward_is_23_hours_long()
    {
        DanishTime.StartOfDay(new DateOnly(2026, 6, 1)).ShouldBe(new DateTimeOffset(2026, 5, 31, 22, 0, 0, TimeSpan.Zero));
        var changeOver = new DateOnly(2026, 3, 29);
        (DanishTime.EndOfDay(changeOver) - DanishTime.StartOfDay(changeOver)).ShouldBe(TimeSpan.FromHours(23));
    }

    [Test]
    public void The_end_of_a_day_is_still_that_day_a_tick_before_and_the_next_day_at_it()
    {
        var day = new DateOnly(2026, 12, 24);
        var end = DanishTime.EndOfDay(day);

        DanishTime.Date(end.AddTicks(-1)).ShouldBe(day);
        DanishTime.Date(end).ShouldBe(day.AddDays(1));
    }
}
