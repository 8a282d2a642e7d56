using Visitation.Workflows.Common;
using Visitation.Workflows.Tests.Revisitation;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Placements;

// Inside the namespace, so 'Placement' is the aggregate even if a sibling test namespace named Placement appears.
using Visitation.Workflows.Placements;

public class RevisitationDueTests
{
    private static readonly DateOnly Today = new(2026, 10, 1);

    [TestCase(2026, 9, 1, 0, true)] // overdue counts as due
    [TestCase(2026, 10, 1, 0, true)]
    [TestCase(2026, 10, 31, 30, true)]
    [TestCase(2026, 11, 1, 30, false)]
    [TestCase(2026, 10, 2, 0, false)]
    public void Due_within_N_days_includes_the_horizon_day_and_everything_before_it(int y, int m, int d, int days, bool expected)
    {
        RevisitationDue.IsDueWithin(new DateOnly(y, m, d), Today, days).ShouldBe(expected);
    }

    [Test]
    public void A_placement_without_a_due_date_is_never_due_nor_overdue()
    {
        RevisitationDue.IsDueWithin(null, Today, 365).ShouldBeFalse();
        RevisitationDue.IsOverdue(null, Today).ShouldBeFalse();
    }

    [Test]
    public void A_negative_horizon_is_refused()
    {
        Should.Throw<InvalidInputException>(() => RevisitationDue.Horizon(Today, -1)).Field.ShouldBe("days");
    }

    [Test]
    public void The_query_expressions_agree_with_the_plain_functions()
    {
        var placements = Enumerable.Range(0, 40).Select(i =>
        {
            var s = new RevisitationScenario();
            return Placement.Register(Ids.Of(700 + i), s.Child, s.Offer, RevisitationScenario.PlacementStart,
                new DateOnly(2025, 8, 1).AddDays(i * 9), ["Mål"], s.Committee, RevisitationScenario.CurrentRules, RevisitationScenario.RegisteredAt);
        }).ToList();
        var dueWithin = RevisitationDue.DueWithin(Today, 30).Compile();
        var overdue = RevisitationDue.OverdueOn(Today).Compile();

        foreach (var p in placements)
        {
            dueWithin(p).ShouldBe(RevisitationDue.IsDueWithin(p.NextRevisitationDue, Today, 30), p.NextRevisitationDue.ToString());
            overdue(p).ShouldBe(RevisitationDue.IsOverdue(p.NextRevisitationDue, Today), p.NextRevisitationDue.ToString());
        }
        placements.Count(dueWithin).ShouldBeGreaterThan(0);
        placements.Count(overdue).ShouldBeGreaterThan(0);
    }

    [TestCase(2026, 9, 30, 1)]
    [TestCase(2026, 9, 1, 30)]
    [TestCase(2026, 10, 1, 0)]
    [TestCase(2026, 12, 1, 0)]
    public void Days_overdue_are_whole_days_past_the_due_date(int y, int m, int d, int expected)
    {
        RevisitationDue.DaysOverdue(new DateOnly(y, m, d), Today).ShouldBe(expected);
    }

    [Test]
    public void Reminders_and_escalations_go_out_at_seven_in_the_morning_Danish_time_summer_and_winter()
    {
        RevisitationDue.DanishMorning(new DateOnly(2026, 6, 15)).ShouldBe(new DateTimeOffset(2026, 6, 15, 5, 0, 0, TimeSpan.Zero));
        RevisitationDue.DanishMorning(new DateOnly(2026, 12, 15)).ShouldBe(new DateTimeOffset(2026, 12, 15, 6, 0, 0, TimeSpan.Zero));
        RevisitationDue.ReminderAt(new DateOnly(2026, 11, 20), 30).ShouldBe(Times.At(2026, 10, 21, 7));
    }

    [TestCase(0, 2026, 11, 21)]
    [TestCase(1, 2026, 11, 21)]
    [TestCase(5, 2026, 11, 25)]
    public void An_overdue_revisitation_escalates_no_earlier_than_the_day_after_its_due_date(int escalateDays, int y, int m, int d)
    {
        var rules = RevisitationScenario.CurrentRules with
        {
            Revisitation = RevisitationScenario.CurrentRules.Revisitation with { EscalateDaysAfterDue = escalateDays },
        };

        RevisitationDue.EscalationDate(new DateOnly(2026, 11, 20), rules).ShouldBe(new DateOnly(y, m, d));
    }
}
