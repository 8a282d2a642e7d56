using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Rules;

namespace Visitation.Workflows.Revisitation;

// Inside the namespace, so 'Placement' is this aggregate even if a sibling namespace named Placement appears.
using Visitation.Workflows.Placements;

/// <summary>
/// What happens when a revisitation deadline is reached. Each reaction looks at the placement or case as
/// it is now and at the deadline itself, so it produces a notification only while it is still relevant:
/// not after the decision was made, not for a due date that has since moved, not when a later reminder
/// has taken its place, and not once the deadline has fired (<see cref="Deadline.TryFire"/>) or been
/// cancelled. A deadline woken twice, or late, therefore adds nothing.
/// </summary>
public static class RevisitationDeadlines
{
    public static readonly IReadOnlyList<DeadlineKind> Kinds =
        [DeadlineKind.RevisitationReminder, DeadlineKind.HandleplanAnswerReminder, DeadlineKind.RevisitationEscalation];

    /// <summary>
    /// The reaction to any revisitation deadline; what the deadline job calls. The placement's deadlines
    /// have the placement as subject, the handleplan answer's the case.
    /// </summary>
    public static IEnumerable<Notification> React(Deadline deadline, Placement placement, RevisitationCase? openCase, RuleSet rules, DateTimeOffset now) =>
        deadline.Kind switch
        {
            DeadlineKind.RevisitationReminder => Reminder(deadline, placement, openCase, rules, now),
            DeadlineKind.RevisitationEscalation => Escalation(deadline, placement, openCase, rules, now),
            DeadlineKind.HandleplanAnswerReminder when openCase is not null => HandleplanAnswerReminder(deadline, openCase, now),
            DeadlineKind.HandleplanAnswerReminder => [],
            _ => throw new ArgumentOutOfRangeException(nameof(deadline), deadline.Kind, "Not a revisitation deadline."),
        };

    /// <summary>To the offer leader: a child's revisitation decision is due in so many days.</summary>
    public static IEnumerable<Notification> Reminder(Deadline deadline, Placement placement, RevisitationCase? openCase, RuleSet rules, DateTimeOffset now)
    {
        if (!IsLive(deadline, DeadlineKind.RevisitationReminder, placement.Id) || placement.NextRevisitationDue is not { } due) yield break;
        if (DanishTime.Date(now) > due) yield break; // overdue: the escalation speaks now
        var daysBefore = due.DayNumber - DanishTime.Date(deadline.DueAt).DayNumber;
        // A reminder for an earlier due date (a decision has been made since) is not this one's.
        if (!rules.Revisitation.ReminderDaysBeforeDue.Contains(daysBefore)) yield break;
        // A late wake-up after the next reminder's time says nothing that one will not.
        if (rules.Revisitation.ReminderDaysBeforeDue.Any(d => d < daysBefore && RevisitationDue.ReminderAt(due, d) <= now)) yield break;
        yield return new Notification(Guid.NewGuid(), now, Role.OfferLeader, null, placement.OfferId,
            $"Revisitation skal afgøres senest {DanishTime.LongDate(due)}",
            $"Et barn i jeres tilbud skal have en afgørelse om fortsat, ændret eller ophørt støtte senest {DanishTime.LongDate(due)} "
            + $"({daysBefore} dage). {Progress(openCase)}",
            placement.Id, deadline.Id);
    }

    /// <summary>To the administration: the revisitation date has passed without a decision.</summary>
    public static IEnumerable<Notification> Escalation(Deadline deadline, Placement placement, RevisitationCase? openCase, RuleSet rules, DateTimeOffset now)
    {
        if (!IsLive(deadline, DeadlineKind.RevisitationEscalation, placement.Id) || placement.NextRevisitationDue is not { } due) yield break;
        var today = DanishTime.Date(now);
        if (today <= due) yield break;
        if (DanishTime.Date(deadline.DueAt) != RevisitationDue.EscalationDate(due, rules)) yield break;
        yield return new Notification(Guid.NewGuid(), now, Role.CommitteeMember, null, null,
            "Revisitation er ikke afgjort til tiden",
            $"Et barn i et specialtilbud skulle have haft en revisitationsafgørelse senest {DanishTime.LongDate(due)}; "
            + $"fristen er overskredet med {RevisitationDue.DaysOverdue(due, today)} dag(e). Der skal træffes afgørelse mindst én gang om året. {Progress(openCase)}",
            placement.Id, deadline.Id);
    }

    /// <summary>To the leader of the child's district school: the answer on the revised handleplan is late.</summary>
    public static IEnumerable<Notification> HandleplanAnswerReminder(Deadline deadline, RevisitationCase revisitation, DateTimeOffset now)
    {
        if (!IsLive(deadline, DeadlineKind.HandleplanAnswerReminder, revisitation.Id)) yield break;
        if (revisitation.State != RevisitationState.HandleplanSent || revisitation.HandleplanAnswerDueAt is not { } answerBy) yield break;
        // A second of slack absorbs the precision a database keeps; a deadline for an earlier sending is not this one.
        if (Math.Abs((answerBy - deadline.DueAt).TotalSeconds) >= 1) yield break;
        yield return new Notification(Guid.NewGuid(), now, Role.DistrictSchoolLeader, revisitation.DistrictSchoolId, null,
            "Svar på handleplan mangler",
            $"Specialtilbuddet sendte {DanishTime.LongDate(revisitation.HandleplanSentAt!.Value)} en revideret handleplan for et barn fra jeres skole. "
            + $"Svarfristen var {DanishTime.LongDate(answerBy)}. Svar, om der er behov for yderligere drøftelse, så revisitationen kan nå at blive afgjort "
            + $"senest {DanishTime.LongDate(revisitation.DueDate)}.",
            revisitation.Id, deadline.Id);
    }

    private static bool IsLive(Deadline deadline, DeadlineKind kind, Guid subjectId) =>
        deadline.Kind == kind && deadline.SubjectId == subjectId && deadline.Status == DeadlineStatus.Scheduled;

    private static string Progress(RevisitationCase? openCase) => openCase is { IsOpen: true } c
        ? $"Revisitationen er i gang: {c.State.Danish()}."
        : "Revisitationen er ikke startet.";
}
