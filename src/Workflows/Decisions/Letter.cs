using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Rules;

namespace Visitation.Workflows.Decisions;

/// <summary>
/// One rendered letter to one guardian: the immutable PDF (by its stored file and SHA-256), the
/// template and rule-set versions it was made from, and its delivery receipt. The complaint clock
/// starts from the receipt, not from the letter's date.
/// </summary>
public sealed class Letter : IHasDeadlineChanges
{
    private readonly List<DeadlineChange> _deadlineChanges = [];

    public Guid Id { get; private set; }
    public Guid WrittenDecisionId { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid GuardianId { get; private set; }
    public string RecipientName { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public Guid StoredFileId { get; private set; }
    public string Sha256 { get; private set; } = "";
    public int PageCount { get; private set; }
    public string TemplateVersion { get; private set; } = "";
    public string RuleSetVersion { get; private set; } = "";
    public DateOnly LetterDate { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? ReplacesLetterId { get; private set; }
    public bool IsAppealable { get; private set; }
    public string? Channel { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    /// <summary>The last day (Danish date) a complaint is in time; set from the delivery receipt.</summary>
    public DateOnly? ComplaintDeadline { get; private set; }
    public int Revision { get; private set; }

    public IReadOnlyList<DeadlineChange> DeadlineChanges => _deadlineChanges;

    private Letter() { }

    public Letter(Guid id, WrittenDecision decision, Guid guardianId, string recipientName, string subject, Guid storedFileId,
        string sha256, int pageCount, string templateVersion, DateOnly letterDate, DateTimeOffset createdAt, Guid? replacesLetterId)
    {
        Id = id;
        WrittenDecisionId = decision.Id;
        ChildId = decision.ChildId;
        GuardianId = guardianId;
        RecipientName = recipientName;
        Subject = subject;
        StoredFileId = storedFileId;
        Sha256 = sha256;
        PageCount = pageCount;
        TemplateVersion = templateVersion;
        RuleSetVersion = decision.RuleSetVersion;
        LetterDate = letterDate;
        CreatedAt = createdAt;
        ReplacesLetterId = replacesLetterId;
        IsAppealable = decision.IsAppealable;
    }

    /// <summary>
    /// Records the first delivery receipt. For an appealable decision it fixes the complaint deadline
    /// (delivery date + the rule set's weeks) and schedules the end of that day. Later receipts for the
    /// same letter (a redelivered message) change nothing.
    /// </summary>
    public bool RecordDelivery(string channel, DateTimeOffset deliveredAt, ComplaintRules rules)
    {
        if (DeliveredAt is not null) return false;
        Channel = channel;
        DeliveredAt = deliveredAt;
        Revision++;
        if (IsAppealable)
        {
            // The letter prints a deadline counted from its own date; a later receipt moves the real
            // deadline later, never earlier, so a guardian never has less time than the letter says.
            var printed = LetterDate.AddDays(7 * rules.DeadlineWeeksAfterDelivery);
            var fromReceipt = ComplaintDeadlineFor(deliveredAt, rules);
            ComplaintDeadline = fromReceipt > printed ? fromReceipt : printed;
            _deadlineChanges.Add(new ScheduleDeadline(DeadlineKind.ComplaintDeadline, Id, EndOfDanishDay(ComplaintDeadline.Value)));
        }
        return true;
    }

    public static DateOnly ComplaintDeadlineFor(DateTimeOffset deliveredAt, ComplaintRules rules) =>
        DanishTime.Date(deliveredAt).AddDays(7 * rules.DeadlineWeeksAfterDelivery);

    /// <summary>A complaint on the last day is in time until midnight, Danish time.</summary>
    public static DateTimeOffset EndOfDanishDay(DateOnly day) => DanishTime.EndOfDay(day);

    public void ClearDeadlineChanges() => _deadlineChanges.Clear();
}
