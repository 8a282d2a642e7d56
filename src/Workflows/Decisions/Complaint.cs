using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Rules;

namespace Visitation.Workflows.Decisions;

public enum ComplaintStatus
{
    /// <summary>Lodged with the municipality, which reassesses the decision.</summary>
    UnderReassessment,
    /// <summary>The municipality upholds its decision and forwards the complaint with the case file to the board.</summary>
    ForwardedToBoard,
    /// <summary>The municipality changes its decision; a new decision letter follows.</summary>
    DecisionChanged,
}

public sealed class ComplaintAttachment
{
    public Guid Id { get; private set; }
    public Guid StoredFileId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";

    private ComplaintAttachment() { }

    public ComplaintAttachment(Guid id, Guid storedFileId, string fileName, string contentType)
    {
        Id = id;
        StoredFileId = storedFileId;
        FileName = fileName;
        ContentType = contentType;
    }
}

/// <summary>
/// A guardian's complaint about a decision (folkeskoleloven § 51). Lodged with the municipality, which
/// reassesses within the rule set's weeks: it upholds (and forwards to the board) or changes the decision.
/// A complaint after the deadline is accepted but marked late; whether to hear it is the board's call.
/// </summary>
public sealed class Complaint : IHasDeadlineChanges
{
    private readonly List<ComplaintAttachment> _attachments = [];
    private readonly List<DeadlineChange> _deadlineChanges = [];

    public Guid Id { get; private set; }
    public Guid LetterId { get; private set; }
    public Guid WrittenDecisionId { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid GuardianId { get; private set; }
    public Guid LodgedByUserId { get; private set; }
    public string LodgedByName { get; private set; } = "";
    public string Text { get; private set; } = "";
    public DateTimeOffset LodgedAt { get; private set; }
    public bool IsLate { get; private set; }
    public ComplaintStatus Status { get; private set; }
    public DateTimeOffset ReassessmentDue { get; private set; }
    public string? ReassessmentNote { get; private set; }
    public DateTimeOffset? ReassessedAt { get; private set; }
    public Guid? ReassessedByUserId { get; private set; }
    public string? ReassessedByName { get; private set; }
    /// <summary>The case-file bundle sent to the board when the decision is upheld.</summary>
    public Guid? BundleStoredFileId { get; private set; }
    /// <summary>
    /// When some documents could not be put into the bundle's PDF (a Word file, say): a ZIP of the bundle
    /// and those documents as they were received, which is what is sent to the board.
    /// </summary>
    public Guid? BundleArchiveStoredFileId { get; private set; }
    public int Revision { get; private set; }

    public IReadOnlyList<ComplaintAttachment> Attachments => _attachments;
    public IReadOnlyList<DeadlineChange> DeadlineChanges => _deadlineChanges;

    private Complaint() { }

    public static Complaint Lodge(Guid id, Letter letter, Actor actor, string text, IEnumerable<ComplaintAttachment> attachments,
        ComplaintRules rules, DateTimeOffset now)
    {
        if (actor.Role != Role.Guardian || actor.GuardianId != letter.GuardianId || !actor.ChildIds.Contains(letter.ChildId))
            throw new NotPermittedException("Kun den forælder, brevet er sendt til, kan klage over det her.");
        if (!letter.IsAppealable)
            throw new WrongStateException("Brevet er en meddelelse om udsættelse og ikke en afgørelse, der kan klages over.");
        if (letter.DeliveredAt is null)
            throw new WrongStateException("Afgørelsen er endnu ikke leveret.");
        var complaint = new Complaint
        {
            Id = id,
            LetterId = letter.Id,
            WrittenDecisionId = letter.WrittenDecisionId,
            ChildId = letter.ChildId,
            GuardianId = letter.GuardianId,
            LodgedByUserId = actor.UserId,
            LodgedByName = actor.DisplayName,
            Text = Guard.Text(text, "text", "Klagens tekst", 20000),
            LodgedAt = now,
            IsLate = letter.ComplaintDeadline is { } deadline && DanishTime.Date(now) > deadline,
            Status = ComplaintStatus.UnderReassessment,
            ReassessmentDue = now.AddDays(7 * rules.MunicipalReassessmentWeeks),
        };
        complaint._attachments.AddRange(attachments);
        complaint._deadlineChanges.Add(new ScheduleDeadline(DeadlineKind.ComplaintReassessment, id, complaint.ReassessmentDue));
        return complaint;
    }

    /// <summary>
    /// Refuses a reassessment that would be refused anyway: not the committee, already reassessed, or
    /// no note. Upholding builds the case file for the board, which is work worth not starting for a
    /// request that cannot succeed; the edge calls this before it builds anything.
    /// </summary>
    public string EnsureCanReassess(Actor actor, string? note)
    {
        if (actor.Role != Role.CommitteeMember)
            throw new NotPermittedException("Kun visitationsudvalget kan genvurdere en afgørelse.");
        if (Status != ComplaintStatus.UnderReassessment)
            throw new WrongStateException("Klagen er allerede genvurderet.");
        return Guard.Text(note, "note", "Notatet om genvurderingen", 20000);
    }

    /// <param name="bundleArchiveStoredFileId">The ZIP of the bundle and the documents enclosed separately, when there are any.</param>
    public void Uphold(Actor actor, string note, Guid bundleStoredFileId, Guid? bundleArchiveStoredFileId, DateTimeOffset now)
    {
        Reassess(actor, note, now);
        Status = ComplaintStatus.ForwardedToBoard;
        BundleStoredFileId = bundleStoredFileId;
        BundleArchiveStoredFileId = bundleArchiveStoredFileId;
    }

    public void ChangeDecision(Actor actor, string note, DateTimeOffset now)
    {
        Reassess(actor, note, now);
        Status = ComplaintStatus.DecisionChanged;
    }

    private void Reassess(Actor actor, string note, DateTimeOffset now)
    {
        ReassessmentNote = EnsureCanReassess(actor, note);
        ReassessedAt = now;
        ReassessedByUserId = actor.UserId;
        ReassessedByName = actor.DisplayName;
        Revision++;
        _deadlineChanges.Add(new CancelDeadlines(DeadlineKind.ComplaintReassessment, Id));
    }

    public void ClearDeadlineChanges() => _deadlineChanges.Clear();
}
