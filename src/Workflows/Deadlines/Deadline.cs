namespace Visitation.Workflows.Deadlines;

public enum DeadlineKind
{
    /// <summary>Remind the school that its referral has stayed incomplete.</summary>
    IncompleteReferralReminder,
    /// <summary>Remind schools with unsent referrals that a round's referral deadline approaches.</summary>
    RoundDeadlineReminder,
    /// <summary>The written decision must have been sent by now.</summary>
    DecisionDispatch,
    /// <summary>The guardian's time to complain about a delivered decision runs out (folkeskoleloven § 51).</summary>
    ComplaintDeadline,
    /// <summary>The municipality's reassessment of a complaint is due.</summary>
    ComplaintReassessment,
    /// <summary>Remind the psychologists serving the school that a PPV's target date approaches.</summary>
    PpvTargetReminder,
    /// <summary>Tell the psychologist service's leader that a PPV is past its target date.</summary>
    PpvTargetEscalation,
    /// <summary>The parents' time to comment on a PPV draft runs out.</summary>
    PpvHearingDeadline,
    /// <summary>Remind the offer leader that a placed child's revisitation decision is due (subject: the placement).</summary>
    RevisitationReminder,
    /// <summary>The district school leader has not answered the revised handleplan in time (subject: the revisitation case).</summary>
    HandleplanAnswerReminder,
    /// <summary>A revisitation decision is overdue: escalate to the administration (subject: the placement).</summary>
    RevisitationEscalation,
}

public enum DeadlineStatus
{
    Scheduled,
    Fired,
    Cancelled,
}

/// <summary>
/// A durable deadline. The domain decides when it is due and what happens when it fires; the job
/// scheduler only wakes it up. Firing is once-only: a second wake-up finds it no longer scheduled.
/// </summary>
public sealed class Deadline
{
    public Guid Id { get; private set; }
    public DeadlineKind Kind { get; private set; }
    public Guid SubjectId { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public DeadlineStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? FiredAt { get; private set; }
    /// <summary>The scheduler's handle, so a cancelled deadline's job can be removed.</summary>
    public string? JobId { get; private set; }
    public int Revision { get; private set; }

    private Deadline() { }

    public Deadline(Guid id, DeadlineKind kind, Guid subjectId, DateTimeOffset dueAt, DateTimeOffset createdAt)
    {
        Id = id;
        Kind = kind;
        SubjectId = subjectId;
        DueAt = dueAt;
        CreatedAt = createdAt;
        Status = DeadlineStatus.Scheduled;
    }

    public void AttachJob(string jobId) => JobId = jobId;

    /// <summary>Returns false when it has already fired or was cancelled: the caller does nothing then.</summary>
    public bool TryFire(DateTimeOffset now)
    {
        if (Status != DeadlineStatus.Scheduled) return false;
        Status = DeadlineStatus.Fired;
        FiredAt = now;
        Revision++;
        return true;
    }

    public void Cancel()
    {
        if (Status != DeadlineStatus.Scheduled) return;
        Status = DeadlineStatus.Cancelled;
        Revision++;
    }
}

/// <summary>A change of deadlines that a transition asks for; the edge persists and schedules it.</summary>
public abstract record DeadlineChange(DeadlineKind Kind, Guid SubjectId);

public sealed record ScheduleDeadline(DeadlineKind Kind, Guid SubjectId, DateTimeOffset DueAt) : DeadlineChange(Kind, SubjectId);

public sealed record CancelDeadlines(DeadlineKind Kind, Guid SubjectId) : DeadlineChange(Kind, SubjectId);

/// <summary>An aggregate whose state changes schedule or cancel deadlines.</summary>
public interface IHasDeadlineChanges
{
    IReadOnlyList<DeadlineChange> DeadlineChanges { get; }
    void ClearDeadlineChanges();
}
