using Visitation.Workflows.Access;
using Visitation.Workflows.Deadlines;

namespace Visitation.Workflows.Ppv;

/// <summary>
/// A child's PPV (pædagogisk-psykologisk vurdering) with the psychologist service: the request, the
/// parents' consent, prioritisation, assignment, assessment notes, drafts, the parents' hearing and the
/// chain of final versions. One case per child; a later need is an update of the same case, producing
/// the next version. Its state only changes through the <see cref="PpvWorkflow"/> version it started on.
/// </summary>
public sealed class PpvCase : IHasDeadlineChanges
{
    private readonly List<Guid> _guardianIds = [];
    private readonly List<PpvRequest> _requests = [];
    private readonly List<PpvConsent> _consents = [];
    private readonly List<PpvAssignment> _assignments = [];
    private readonly List<PpvNote> _notes = [];
    private readonly List<PpvDraft> _drafts = [];
    private readonly List<PpvHearing> _hearings = [];
    private readonly List<PpvHearingComment> _hearingComments = [];
    private readonly List<PpvVersion> _versions = [];
    private readonly List<PpvEvent> _history = [];
    private readonly List<DeadlineChange> _deadlineChanges = [];

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid DistrictSchoolId { get; private set; }
    public string WorkflowKey { get; private set; } = PpvWorkflow.DefinitionKey;
    public int WorkflowVersion { get; private set; }
    /// <summary>The rule set of the current cycle (the first request's, or the latest update request's).</summary>
    public string RuleSetVersion { get; internal set; } = "";
    public PpvState State { get; internal set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The psychologist who has, or last had, the case.</summary>
    public Guid? AssignedPsychologistId { get; internal set; }
    public string? AssignedPsychologistName { get; internal set; }
    public string? WithdrawalReason { get; internal set; }
    /// <summary>Optimistic concurrency token, bumped by every change.</summary>
    public int Revision { get; private set; }

    /// <summary>The guardians (custody holders) of the child when the PPV was requested: the parties who consent and are heard.</summary>
    public IReadOnlyList<Guid> GuardianIds => _guardianIds;
    public IReadOnlyList<PpvRequest> Requests => _requests;
    public IReadOnlyList<PpvConsent> Consents => _consents;
    public IReadOnlyList<PpvAssignment> Assignments => _assignments;
    public IReadOnlyList<PpvNote> Notes => _notes;
    public IReadOnlyList<PpvDraft> Drafts => _drafts;
    public IReadOnlyList<PpvHearing> Hearings => _hearings;
    public IReadOnlyList<PpvHearingComment> HearingComments => _hearingComments;
    public IReadOnlyList<PpvVersion> Versions => _versions;
    public IReadOnlyList<PpvEvent> History => _history;
    public IReadOnlyList<DeadlineChange> DeadlineChanges => _deadlineChanges;

    private PpvCase() { }

    internal PpvCase(Guid id, Guid childId, Guid districtSchoolId, IEnumerable<Guid> guardianIds, int workflowVersion, string ruleSetVersion, DateTimeOffset createdAt)
    {
        Id = id;
        ChildId = childId;
        DistrictSchoolId = districtSchoolId;
        _guardianIds.AddRange(guardianIds.Distinct());
        WorkflowVersion = workflowVersion;
        RuleSetVersion = ruleSetVersion;
        CreatedAt = createdAt.ToUniversalTime();
        State = PpvState.Requested;
    }

    /// <summary>A case with no data, for drawing a workflow's diagram.</summary>
    internal static PpvCase Blank() => new();

    /// <summary>The latest request: the cycle being worked on, or else the last one (finalised, or a withdrawn update).</summary>
    public PpvRequest CurrentRequest => _requests[^1];

    /// <summary>The first request: who asked for the PPV, and when.</summary>
    public PpvRequest FirstRequest => _requests[0];

    public bool IsInProgress => State is not (PpvState.Final or PpvState.Withdrawn);

    public PpvVersion? LatestFinal => _versions.Count == 0 ? null : _versions[^1];

    public PpvVersion? FindVersion(int number) => _versions.FirstOrDefault(v => v.Number == number);

    public bool IsAssignedTo(Actor actor) => AssignedPsychologistId is { } id && id == actor.UserId;

    public IEnumerable<PpvNote> NotesOf(PpvRequest request) => _notes.Where(n => n.RequestId == request.Id);

    /// <summary>The latest draft of the cycle in progress; none when no cycle is in progress.</summary>
    public PpvDraft? CurrentDraft => IsInProgress ? _drafts.LastOrDefault(d => d.RequestId == CurrentRequest.Id) : null;

    /// <summary>The hearing of the cycle in progress that has not been closed.</summary>
    public PpvHearing? CurrentHearing => IsInProgress ? _hearings.LastOrDefault(h => h.RequestId == CurrentRequest.Id && !h.IsClosed) : null;

    public IReadOnlyList<PpvHearingComment> CommentsOn(PpvHearing hearing) => _hearingComments.Where(c => c.HearingId == hearing.Id).ToList();

    public bool EveryGuardianReplied(PpvHearing hearing) =>
        _guardianIds.All(g => _hearingComments.Any(c => c.HearingId == hearing.Id && c.GuardianId == g));

    /// <summary>
    /// The hearing is open until every guardian has replied or the reply deadline has passed (forvaltningsloven
    /// §§ 19 and 21: the parents are heard, and the PPV waits for their reply within the deadline).
    /// </summary>
    public bool IsHearingOpen(DateTimeOffset now) =>
        CurrentHearing is { } hearing && !hearing.DeadlinePassed(now) && !EveryGuardianReplied(hearing);

    /// <summary>What <paramref name="guardianId"/> has consented to, all recordings together.</summary>
    public ConsentScopes ConsentOf(Guid guardianId) =>
        _consents.Where(c => c.GuardianId == guardianId).Aggregate(ConsentScopes.None, (all, c) => all | c.Scopes);

    /// <summary>Whether every guardian has consented to all of <paramref name="scopes"/>.</summary>
    public bool HasConsent(ConsentScopes scopes) =>
        _guardianIds.Count > 0 && _guardianIds.All(g => (ConsentOf(g) & scopes) == scopes);

    /// <summary>When the consent to <paramref name="scopes"/> became complete: the latest of the guardians' first consents.</summary>
    public DateTimeOffset? ConsentGivenAt(ConsentScopes scopes)
    {
        if (!HasConsent(scopes)) return null;
        return _guardianIds.Select(g => CoveredAt(g, scopes)).Max();
    }

    private DateTimeOffset CoveredAt(Guid guardianId, ConsentScopes scopes)
    {
        var covered = ConsentScopes.None;
        foreach (var consent in _consents.Where(c => c.GuardianId == guardianId).OrderBy(c => c.GivenAt))
        {
            covered |= consent.Scopes;
            if ((covered & scopes) == scopes) return consent.GivenAt;
        }
        throw new InvalidOperationException("Consent is not complete.");
    }

    internal void AddRequest(PpvRequest request) => _requests.Add(request);

    internal void AddConsent(PpvConsent consent) => _consents.Add(consent);

    internal void AddAssignment(PpvAssignment assignment)
    {
        _assignments.Add(assignment);
        AssignedPsychologistId = assignment.PsychologistUserId;
        AssignedPsychologistName = assignment.PsychologistName;
    }

    internal void AddNote(PpvNote note) => _notes.Add(note);

    internal void AddDraft(PpvDraft draft) => _drafts.Add(draft);

    internal void AddHearing(PpvHearing hearing) => _hearings.Add(hearing);

    internal void AddHearingComment(PpvHearingComment comment) => _hearingComments.Add(comment);

    internal void AddVersion(PpvVersion version) => _versions.Add(version);

    internal void Record(PpvEvent step)
    {
        _history.Add(step);
        Revision++;
    }

    internal void Schedule(DeadlineKind kind, DateTimeOffset dueAt) => _deadlineChanges.Add(new ScheduleDeadline(kind, Id, dueAt.ToUniversalTime()));

    internal void CancelDeadlines(DeadlineKind kind) => _deadlineChanges.Add(new CancelDeadlines(kind, Id));

    public void ClearDeadlineChanges() => _deadlineChanges.Clear();
}
