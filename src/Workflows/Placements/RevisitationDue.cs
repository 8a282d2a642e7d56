using System.Linq.Expressions;
using Visitation.Workflows.Common;
using Visitation.Workflows.Rules;

namespace Visitation.Workflows.Placements;

/// <summary>
/// When a placed child's next revisitation decision is due, and the questions asked of it, as pure
/// functions. The expressions translate to SQL, so the due list is one indexed range query on
/// <see cref="Placement.NextRevisitationDue"/> (with <see cref="Placement.OfferId"/> for one offer).
/// </summary>
public static class RevisitationDue
{
    /// <summary>Reminders and escalations are sent at this hour, Danish time, on their day.</summary>
    public const int NotificationHour = 7;

    /// <summary>
    /// The latest date of the next decision: <paramref name="decisionDate"/> plus the rule set's maximum
    /// months. A month-end date stays in the shorter month (29 February + 12 months is 28 February), so
    /// the due date is never later than the rule allows.
    /// </summary>
    public static DateOnly DueAfter(DateOnly decisionDate, RuleSet rules) =>
        decisionDate.AddMonths(rules.Revisitation.MaxMonthsBetweenDecisions);

    /// <summary>The last due date that counts as "due within <paramref name="days"/> days" on <paramref name="today"/>.</summary>
    public static DateOnly Horizon(DateOnly today, int days)
    {
        if (days < 0) throw new InvalidInputException("days", "Antal dage må ikke være negativt.");
        return today.AddDays(days);
    }

    /// <summary>Due within the horizon, overdue ones included (they were due within it too).</summary>
    public static bool IsDueWithin(DateOnly? due, DateOnly today, int days) => due is { } d && d <= Horizon(today, days);

    public static bool IsOverdue(DateOnly? due, DateOnly today) => due is { } d && d < today;

    /// <summary>Whole days past the due date; 0 on or before it.</summary>
    public static int DaysOverdue(DateOnly due, DateOnly today) => Math.Max(0, today.DayNumber - due.DayNumber);

    /// <summary>For queries: placements whose revisitation is due within <paramref name="days"/> days of <paramref name="today"/>.</summary>
    public static Expression<Func<Placement, bool>> DueWithin(DateOnly today, int days)
    {
        var horizon = Horizon(today, days);
        return p => p.NextRevisitationDue != null && p.NextRevisitationDue <= horizon;
    }

    /// <summary>For queries: placements whose revisitation date has passed without a decision.</summary>
    public static Expression<Func<Placement, bool>> OverdueOn(DateOnly today) =>
        p => p.NextRevisitationDue != null && p.NextRevisitationDue < today;

    /// <summary>When the reminder <paramref name="daysBefore"/> days before <paramref name="due"/> is sent.</summary>
    public static DateTimeOffset ReminderAt(DateOnly due, int daysBefore) => DanishMorning(due.AddDays(-daysBefore));

    /// <summary>
    /// The day an overdue revisitation is escalated. A revisitation is overdue from the day after its due
    /// date, so an escalation delay of 0 still waits for that day rather than escalating one not yet late.
    /// </summary>
    public static DateOnly EscalationDate(DateOnly due, RuleSet rules) =>
        due.AddDays(Math.Max(1, rules.Revisitation.EscalateDaysAfterDue));

    public static DateTimeOffset EscalationAt(DateOnly due, RuleSet rules) => DanishMorning(EscalationDate(due, rules));

    /// <summary><see cref="NotificationHour"/> o'clock in Denmark on <paramref name="date"/>, in UTC.</summary>
    public static DateTimeOffset DanishMorning(DateOnly date)
    {
        var local = date.ToDateTime(new TimeOnly(NotificationHour, 0));
        return new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
