using Visitation.Workflows.Deadlines;

namespace Visitation.Workflows.Revisitation;

// Inside the namespace, so 'Placement' is this aggregate even if a sibling namespace named Placement appears.
using Visitation.Workflows.Placements;

/// <summary>
/// One revisitation of a placed child: the conversations and meetings that lead to the offer leader's
/// decision to continue, change or end the support. Its state only changes through the
/// <see cref="RevisitationWorkflow"/> version it runs on (<see cref="WorkflowVersion"/>), or through an
/// administrator's audited migration to another version (<see cref="RevisitationMigration"/>).
/// </summary>
public sealed class RevisitationCase : IHasDeadlineChanges
{
    private readonly List<MeetingRecord> _meetings = [];
    private readonly List<StepRecord> _steps = [];
    private readonly List<HandleplanNote> _handleplanNotes = [];
    private readonly List<RevisitationEvent> _history = [];
    private readonly List<DeadlineChange> _deadlineChanges = [];

    public Guid Id { get; private set; }
    public Guid PlacementId { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid OfferId { get; private set; }
    public Guid DistrictSchoolId { get; private set; }
    public string WorkflowKey { get; private set; } = RevisitationWorkflow.DefinitionKey;
    public int WorkflowVersion { get; internal set; }
    public string RuleSetVersion { get; private set; } = "";
    public RevisitationState State { get; internal set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The placement's due date when the case started: the decision must be made by then.</summary>
    public DateOnly DueDate { get; private set; }
    public string? ChildStatement { get; internal set; }
    /// <summary>The status meeting found that the child's needs have changed.</summary>
    public bool NeedsChanged { get; internal set; }
    public bool ParentsWantDiscussion { get; internal set; }
    public bool DistrictSchoolWantsDiscussion { get; internal set; }
    public DateTimeOffset? HandleplanSentAt { get; internal set; }
    public DateTimeOffset? HandleplanAnswerDueAt { get; internal set; }
    public HandleplanAnswer? HandleplanAnswer { get; internal set; }
    public string? HandleplanAnswerComment { get; internal set; }
    public DateTimeOffset? HandleplanAnsweredAt { get; internal set; }
    public RevisitationDecision? Decision { get; internal set; }
    public DateTimeOffset? ClosedAt { get; internal set; }
    public string? CancellationReason { get; internal set; }
    /// <summary>Optimistic concurrency token, bumped by every change.</summary>
    public int Revision { get; private set; }

    public IReadOnlyList<MeetingRecord> Meetings => _meetings;
    public IReadOnlyList<StepRecord> Steps => _steps;
    public IReadOnlyList<HandleplanNote> HandleplanNotes => _handleplanNotes;
    public IReadOnlyList<RevisitationEvent> History => _history;
    public IReadOnlyList<DeadlineChange> DeadlineChanges => _deadlineChanges;

    private RevisitationCase() { }

    internal RevisitationCase(Guid id, Placement placement, int workflowVersion, string ruleSetVersion, DateTimeOffset createdAt)
    {
        Id = id;
        PlacementId = placement.Id;
        ChildId = placement.ChildId;
        OfferId = placement.OfferId;
        DistrictSchoolId = placement.DistrictSchoolId;
        DueDate = placement.NextRevisitationDue!.Value;
        WorkflowVersion = workflowVersion;
        RuleSetVersion = ruleSetVersion;
        CreatedAt = createdAt;
        State = RevisitationState.Started;
    }

    /// <summary>A case with no data, for drawing a workflow's diagram.</summary>
    internal static RevisitationCase Blank() => new();

    public bool IsOpen => State is not (RevisitationState.Decided or RevisitationState.Cancelled);

    /// <summary>A revisitation meeting must be held before deciding: the needs changed, or someone asked for it.</summary>
    public bool RevisitationMeetingRequired => NeedsChanged || ParentsWantDiscussion || DistrictSchoolWantsDiscussion;

    /// <summary>The decision is made and the written decision to the parents has not yet been issued.</summary>
    public bool DecisionLetterDue => State == RevisitationState.Decided && Decision is { WrittenDecisionId: null };

    public IEnumerable<HandleplanNote> FocusPoints => _handleplanNotes.Where(n => n.Kind == HandleplanNoteKind.FocusPoint).OrderBy(n => n.Position);

    public IEnumerable<HandleplanNote> Recommendations => _handleplanNotes.Where(n => n.Kind == HandleplanNoteKind.Recommendation).OrderBy(n => n.Position);

    public bool HasDone(RevisitationStep step) => _steps.Any(s => s.Step == step && s.Status == StepStatus.Done);

    /// <summary>Done, or waived by a migration: either way it is not asked for again.</summary>
    public bool IsSettled(RevisitationStep step) => _steps.Any(s => s.Step == step);

    /// <summary>When the case last moved forward: its latest step, or the handleplan being sent.</summary>
    public DateTimeOffset? LastProgressAt =>
        _steps.Where(s => s.Status == StepStatus.Done).Select(s => (DateTimeOffset?)s.At).Append(HandleplanSentAt).Max();

    /// <summary>What a decision to change offer asks the edge to do; null for every other outcome.</summary>
    public ReferralRequest? ReferralRequest => Decision is { RequiresReferral: true, RequestedOfferId: { } offerId } d
        ? new ReferralRequest(Id, d.Id, ChildId, DistrictSchoolId, OfferId, offerId, d.Reasons)
        : null;

    internal void AddMeeting(MeetingRecord meeting) => _meetings.Add(meeting);

    internal void MarkDone(RevisitationStep step, DateTimeOffset at, Guid? meetingId = null) =>
        _steps.Add(new StepRecord(step, StepStatus.Done, at, meetingId, WorkflowVersion));

    internal void Waive(RevisitationStep step, DateTimeOffset at) =>
        _steps.Add(new StepRecord(step, StepStatus.Waived, at, null, WorkflowVersion));

    internal void AddHandleplanNotes(HandleplanNoteKind kind, IEnumerable<string> texts)
    {
        var position = _handleplanNotes.Count(n => n.Kind == kind);
        foreach (var text in texts) _handleplanNotes.Add(new HandleplanNote(kind, ++position, text));
    }

    internal void Record(RevisitationEvent step)
    {
        _history.Add(step);
        Revision++;
    }

    internal void Schedule(DeadlineKind kind, DateTimeOffset dueAt) => _deadlineChanges.Add(new ScheduleDeadline(kind, Id, dueAt));

    internal void CancelDeadlines(DeadlineKind kind) => _deadlineChanges.Add(new CancelDeadlines(kind, Id));

    public void ClearDeadlineChanges() => _deadlineChanges.Clear();
}
