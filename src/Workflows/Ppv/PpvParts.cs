using System.Security.Cryptography;
using System.Text;
using Visitation.Workflows.Access;

namespace Visitation.Workflows.Ppv;

/// <summary>
/// One cycle of work on a PPV: the first request, or a later request for an update. Notes, drafts,
/// hearings and assignments belong to the cycle they were made in; a cycle ends with version
/// <see cref="ForVersion"/> becoming final, or with its withdrawal.
/// </summary>
public sealed class PpvRequest
{
    public Guid Id { get; private set; }
    /// <summary>The version number this cycle produces when it is finalised (1 for the first request).</summary>
    public int ForVersion { get; private set; }
    public string Reason { get; private set; } = "";
    public DateTimeOffset RequestedAt { get; private set; }
    public Guid RequestedByUserId { get; private set; }
    public string RequestedByName { get; private set; } = "";
    public Role RequestedByRole { get; private set; }
    /// <summary>When the final PPV should be ready (rule set: targetDaysFromRequestToFinal).</summary>
    public DateTimeOffset TargetAt { get; private set; }
    public string RuleSetVersion { get; private set; } = "";
    public PpvPriority? Priority { get; private set; }
    /// <summary>The date of the school's coordination meeting with the psychologist service that prioritised it.</summary>
    public DateOnly? CoordinationMeetingOn { get; private set; }
    public DateTimeOffset? PrioritisedAt { get; private set; }
    public Guid? PrioritisedByUserId { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public string? WithdrawalReason { get; private set; }

    private PpvRequest() { }

    internal PpvRequest(Guid id, int forVersion, string reason, DateTimeOffset requestedAt, Actor by, DateTimeOffset targetAt, string ruleSetVersion)
    {
        Id = id;
        ForVersion = forVersion;
        Reason = reason;
        RequestedAt = requestedAt.ToUniversalTime();
        RequestedByUserId = by.UserId;
        RequestedByName = by.DisplayName;
        RequestedByRole = by.Role;
        TargetAt = targetAt.ToUniversalTime();
        RuleSetVersion = ruleSetVersion;
    }

    public bool IsUpdate => ForVersion > 1;

    internal void Prioritise(PpvPriority priority, DateOnly meetingOn, Guid by, DateTimeOffset at)
    {
        Priority = priority;
        CoordinationMeetingOn = meetingOn;
        PrioritisedByUserId = by;
        PrioritisedAt = at.ToUniversalTime();
    }

    internal void Withdraw(string reason, DateTimeOffset at)
    {
        WithdrawalReason = reason;
        WithdrawnAt = at.ToUniversalTime();
    }
}

/// <summary>
/// One guardian's consent, as given: to what, when, and who recorded it. Consents accumulate; nothing is
/// overwritten, so the record shows exactly what was agreed to and when.
/// </summary>
public sealed class PpvConsent
{
    public Guid Id { get; private set; }
    public Guid GuardianId { get; private set; }
    public ConsentScopes Scopes { get; private set; }
    public DateTimeOffset GivenAt { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid RecordedByUserId { get; private set; }
    public string RecordedByName { get; private set; } = "";
    public Role RecordedByRole { get; private set; }

    private PpvConsent() { }

    internal PpvConsent(Guid id, Guid guardianId, ConsentScopes scopes, DateTimeOffset givenAt, DateTimeOffset recordedAt, Actor by)
    {
        Id = id;
        GuardianId = guardianId;
        Scopes = scopes;
        GivenAt = givenAt.ToUniversalTime();
        RecordedAt = recordedAt.ToUniversalTime();
        RecordedByUserId = by.UserId;
        RecordedByName = by.DisplayName;
        RecordedByRole = by.Role;
    }
}

/// <summary>A psychologist given the case. Assigning beyond capacity is kept with its reason.</summary>
public sealed class PpvAssignment
{
    public Guid Id { get; private set; }
    public Guid RequestId { get; private set; }
    public Guid PsychologistUserId { get; private set; }
    public string PsychologistName { get; private set; } = "";
    public DateTimeOffset AssignedAt { get; private set; }
    public Guid AssignedByUserId { get; private set; }
    public string AssignedByName { get; private set; } = "";
    /// <summary>The psychologist's concurrent assessments before this one.</summary>
    public int ActiveAssessmentsBefore { get; private set; }
    public int Capacity { get; private set; }
    /// <summary>Set only when the assignment went beyond capacity.</summary>
    public string? OverCapacityReason { get; private set; }

    private PpvAssignment() { }

    internal PpvAssignment(Guid id, Guid requestId, Actor psychologist, Actor by, int activeBefore, int capacity, string? overCapacityReason, DateTimeOffset at)
    {
        Id = id;
        RequestId = requestId;
        PsychologistUserId = psychologist.UserId;
        PsychologistName = psychologist.DisplayName;
        AssignedAt = at.ToUniversalTime();
        AssignedByUserId = by.UserId;
        AssignedByName = by.DisplayName;
        ActiveAssessmentsBefore = activeBefore;
        Capacity = capacity;
        OverCapacityReason = overCapacityReason;
    }

    public bool IsOverCapacity => OverCapacityReason is not null;
}

/// <summary>An assessment note: an observation, a conversation (child, parents, teachers), a test.</summary>
public sealed class PpvNote
{
    public Guid Id { get; private set; }
    public Guid RequestId { get; private set; }
    public PpvNoteKind Kind { get; private set; }
    public string Text { get; private set; } = "";
    /// <summary>When the observation or conversation took place.</summary>
    public DateTimeOffset OccurredAt { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid AuthorUserId { get; private set; }
    public string AuthorName { get; private set; } = "";

    private PpvNote() { }

    internal PpvNote(Guid id, Guid requestId, PpvNoteKind kind, string text, DateTimeOffset occurredAt, DateTimeOffset recordedAt, Actor author)
    {
        Id = id;
        RequestId = requestId;
        Kind = kind;
        Text = text;
        OccurredAt = occurredAt.ToUniversalTime();
        RecordedAt = recordedAt.ToUniversalTime();
        AuthorUserId = author.UserId;
        AuthorName = author.DisplayName;
    }
}

/// <summary>A draft PPV. A newer draft in the same cycle replaces it for the hearing but never deletes it.</summary>
public sealed class PpvDraft
{
    public Guid Id { get; private set; }
    public Guid RequestId { get; private set; }
    public int ForVersion { get; private set; }
    /// <summary>1, 2, … within the cycle.</summary>
    public int Number { get; private set; }
    public string Text { get; private set; } = "";
    public string Recommendations { get; private set; } = "";
    public DateTimeOffset WrittenAt { get; private set; }
    public Guid AuthorUserId { get; private set; }
    public string AuthorName { get; private set; } = "";

    private PpvDraft() { }

    internal PpvDraft(Guid id, Guid requestId, int forVersion, int number, string text, string recommendations, DateTimeOffset at, Actor author)
    {
        Id = id;
        RequestId = requestId;
        ForVersion = forVersion;
        Number = number;
        Text = text;
        Recommendations = recommendations;
        WrittenAt = at.ToUniversalTime();
        AuthorUserId = author.UserId;
        AuthorName = author.DisplayName;
    }
}

/// <summary>
/// The parents' hearing on a draft: it is open until every guardian has replied or the reply deadline
/// has passed, whichever comes first; it is closed when the draft is finalised, taken back or withdrawn.
/// </summary>
public sealed class PpvHearing
{
    public Guid Id { get; private set; }
    public Guid RequestId { get; private set; }
    public Guid DraftId { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
    /// <summary>The last moment to reply: the end of the last day, in Danish time.</summary>
    public DateTimeOffset ReplyDeadline { get; private set; }
    public Guid SentByUserId { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public HearingClosure? Closure { get; private set; }

    private PpvHearing() { }

    internal PpvHearing(Guid id, Guid requestId, Guid draftId, DateTimeOffset sentAt, DateTimeOffset replyDeadline, Guid sentBy)
    {
        Id = id;
        RequestId = requestId;
        DraftId = draftId;
        SentAt = sentAt.ToUniversalTime();
        ReplyDeadline = replyDeadline.ToUniversalTime();
        SentByUserId = sentBy;
    }

    public bool IsClosed => ClosedAt is not null;

    public bool DeadlinePassed(DateTimeOffset now) => now > ReplyDeadline;

    internal void Close(HearingClosure closure, DateTimeOffset at)
    {
        if (IsClosed) return;
        Closure = closure;
        ClosedAt = at.ToUniversalTime();
    }
}

/// <summary>A guardian's comment on a draft in hearing, written by the guardian or recorded for them (e.g. by phone).</summary>
public sealed class PpvHearingComment
{
    public Guid Id { get; private set; }
    public Guid HearingId { get; private set; }
    public Guid GuardianId { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public Guid RecordedByUserId { get; private set; }
    public string RecordedByName { get; private set; } = "";
    public Role RecordedByRole { get; private set; }

    private PpvHearingComment() { }

    internal PpvHearingComment(Guid id, Guid hearingId, Guid guardianId, string text, DateTimeOffset at, Actor by)
    {
        Id = id;
        HearingId = hearingId;
        GuardianId = guardianId;
        Text = text;
        At = at.ToUniversalTime();
        RecordedByUserId = by.UserId;
        RecordedByName = by.DisplayName;
        RecordedByRole = by.Role;
    }

    /// <summary>Recorded by someone else than the guardian (e.g. the psychologist noting an oral comment).</summary>
    public bool RecordedOnBehalf => RecordedByRole != Role.Guardian;
}

/// <summary>
/// A final PPV version. Immutable: it has no operation that changes it. An update is a new version that
/// names the previous one and its content hash, so the chain shows if any version was altered.
/// </summary>
public sealed class PpvVersion
{
    public Guid Id { get; private set; }
    public Guid PpvCaseId { get; private set; }
    public Guid ChildId { get; private set; }
    public int Number { get; private set; }
    public int? PreviousNumber { get; private set; }
    public string? PreviousContentHash { get; private set; }
    public string Text { get; private set; } = "";
    public string Recommendations { get; private set; } = "";
    /// <summary>How the parents' hearing comments were taken into account; required when there were comments.</summary>
    public string? ResponseToComments { get; private set; }
    public Guid DraftId { get; private set; }
    public Guid HearingId { get; private set; }
    public DateTimeOffset FinalisedAt { get; private set; }
    public Guid FinalisedByUserId { get; private set; }
    public string FinalisedByName { get; private set; } = "";
    public string RuleSetVersion { get; private set; } = "";
    /// <summary>SHA-256 (lower-case hex) over the content and the previous version's hash.</summary>
    public string ContentHash { get; private set; } = "";

    private PpvVersion() { }

    internal PpvVersion(Guid id, PpvCase ppv, int number, PpvVersion? previous, PpvDraft draft, PpvHearing hearing,
        string? responseToComments, Actor by, DateTimeOffset at)
    {
        Id = id;
        PpvCaseId = ppv.Id;
        ChildId = ppv.ChildId;
        Number = number;
        PreviousNumber = previous?.Number;
        PreviousContentHash = previous?.ContentHash;
        Text = draft.Text;
        Recommendations = draft.Recommendations;
        ResponseToComments = responseToComments;
        DraftId = draft.Id;
        HearingId = hearing.Id;
        FinalisedAt = at.ToUniversalTime();
        FinalisedByUserId = by.UserId;
        FinalisedByName = by.DisplayName;
        RuleSetVersion = ppv.RuleSetVersion;
        ContentHash = ComputeHash();
    }

    public PpvReference Reference => new(PpvCaseId, Number);

    /// <summary>Whether the stored content still matches its hash.</summary>
    public bool IsIntact => string.Equals(ContentHash, ComputeHash(), StringComparison.Ordinal);

    private string ComputeHash()
    {
        // Unit separators keep field boundaries unambiguous ("ab"+"c" differs from "a"+"bc").
        const char sep = '\u001f';
        var canonical = string.Join(sep,
            PpvCaseId.ToString("D"), ChildId.ToString("D"), Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PreviousNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", PreviousContentHash ?? "",
            Text, Recommendations, ResponseToComments ?? "",
            // Whole seconds: databases keep fewer fractional digits than .NET, and the hash must survive a round trip.
            FinalisedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), FinalisedByUserId.ToString("D"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>One step in the PPV case's history: who fired which trigger, from which state to which.</summary>
public sealed class PpvEvent
{
    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public PpvTrigger Trigger { get; private set; }
    public PpvState From { get; private set; }
    public PpvState To { get; private set; }
    public Guid ActorUserId { get; private set; }
    public string ActorName { get; private set; } = "";
    public string ActorRole { get; private set; } = "";
    /// <summary>Danish; names what happened, never the content of notes, drafts or comments.</summary>
    public string Detail { get; private set; } = "";

    private PpvEvent() { }

    internal PpvEvent(DateTimeOffset at, PpvTrigger trigger, PpvState from, PpvState to, Actor actor, string detail)
    {
        Id = Guid.NewGuid();
        At = at.ToUniversalTime();
        Trigger = trigger;
        From = from;
        To = to;
        ActorUserId = actor.UserId;
        ActorName = actor.DisplayName;
        ActorRole = actor.Role.ToString();
        Detail = detail;
    }
}
