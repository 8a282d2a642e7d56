using Visitation.Workflows.Access;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;

namespace Visitation.Workflows.Decisions;

/// <summary>What happens when a complaint deadline or a reassessment deadline is reached.</summary>
public static class DecisionDeadlines
{
    /// <summary>The complaint period ended without a complaint from this guardian: the committee is told the decision stands.</summary>
    public static IEnumerable<Notification> ComplaintPeriodEnded(Deadline deadline, Letter letter, bool complained, DateTimeOffset now)
    {
        if (complained) yield break;
        yield return new Notification(Guid.NewGuid(), now, Role.CommitteeMember, null, null,
            "Klagefristen er udløbet",
            $"Klagefristen for afgørelsen sendt til {letter.RecipientName} udløb {Common.DanishTime.LongDate(letter.ComplaintDeadline!.Value)} uden klage.",
            letter.WrittenDecisionId, deadline.Id);
    }

    public static IEnumerable<Notification> ReassessmentDue(Deadline deadline, Complaint complaint, DateTimeOffset now)
    {
        if (complaint.Status != ComplaintStatus.UnderReassessment) yield break;
        yield return new Notification(Guid.NewGuid(), now, Role.CommitteeMember, null, null,
            "Genvurdering af klage er forsinket",
            "Fristen for kommunens genvurdering af en klage er overskredet. Genvurder afgørelsen, og send klagen videre til klagenævnet, hvis afgørelsen fastholdes.",
            complaint.Id, deadline.Id);
    }
}
