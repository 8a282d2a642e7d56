using Visitation.Workflows.Deadlines;

namespace Visitation.Workflows.Referrals;

/// <summary>
/// A referral (henvisning): the district school's request that the committee decide where a child's
/// needs are best met. Its state only changes through the <see cref="ReferralWorkflow"/> version it
/// started on (<see cref="WorkflowVersion"/>), which checks role, scope and state.
/// </summary>
public sealed class Referral : IHasDeadlineChanges
{
    private readonly List<ReferralDocument> _documents = [];
    private readonly List<ReferralDecision> _decisions = [];
    private readonly List<Hearing> _hearings = [];
    private readonly List<ReferralEvent> _history = [];
    private readonly List<DeadlineChange> _deadlineChanges = [];

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid DistrictSchoolId { get; private set; }
    public string WorkflowKey { get; private set; } = ReferralWorkflow.DefinitionKey;
    public int WorkflowVersion { get; private set; }
    public string RuleSetVersion { get; private set; } = "";
    public ReferralState State { get; internal set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; internal set; }
    public DateTimeOffset? CompletedAt { get; internal set; }
    public Guid? RoundId { get; internal set; }
    public Track? Track { get; internal set; }
    public string? WithdrawalReason { get; internal set; }
    /// <summary>Optimistic concurrency token, bumped by every change.</summary>
    public int Revision { get; private set; }

    public IReadOnlyList<ReferralDocument> Documents => _documents;
    public IReadOnlyList<ReferralDecision> Decisions => _decisions;
    public IReadOnlyList<Hearing> Hearings => _hearings;
    public IReadOnlyList<ReferralEvent> History => _history;
    public IReadOnlyList<DeadlineChange> DeadlineChanges => _deadlineChanges;

    private Referral() { }

    internal Referral(Guid id, Guid childId, Guid districtSchoolId, int workflowVersion, string ruleSetVersion, DateTimeOffset createdAt)
    {
        Id = id;
        ChildId = childId;
        DistrictSchoolId = districtSchoolId;
        WorkflowVersion = workflowVersion;
        RuleSetVersion = ruleSetVersion;
        CreatedAt = createdAt;
        State = ReferralState.Draft;
    }

    /// <summary>A referral with no data, for drawing a workflow's diagram.</summary>
    internal static Referral Blank() => new();

    public IEnumerable<ReferralDocument> CurrentDocuments => _documents.Where(d => d.IsCurrent);

    public bool HasPart(ReferralPartType part) => _documents.Any(d => d.IsCurrent && d.Type == part);

    public IReadOnlyList<ReferralPartType> MissingParts(IEnumerable<ReferralPartType> required) =>
        required.Where(p => !HasPart(p)).ToList();

    public ReferralDecision? LatestDecision => _decisions.OrderBy(d => d.DecidedAt).LastOrDefault();

    public bool IsOpen => State is not (ReferralState.Decided or ReferralState.Withdrawn);

    internal void AddDocument(ReferralDocument document)
    {
        foreach (var old in _documents.Where(d => d.IsCurrent && d.Type == document.Type)) old.Supersede();
        _documents.Add(document);
    }

    internal void AddHearing(Hearing hearing) => _hearings.Add(hearing);

    internal void AddDecision(ReferralDecision decision) => _decisions.Add(decision);

    internal void Record(ReferralEvent step)
    {
        _history.Add(step);
        Revision++;
    }

    internal void Schedule(DeadlineKind kind, DateTimeOffset dueAt) => _deadlineChanges.Add(new ScheduleDeadline(kind, Id, dueAt));

    internal void CancelDeadlines(DeadlineKind kind) => _deadlineChanges.Add(new CancelDeadlines(kind, Id));

    public void ClearDeadlineChanges() => _deadlineChanges.Clear();
}
