using Visitation.Workflows.Common;
using Visitation.Workflows.Rules;

namespace Visitation.Workflows.Ppv;

/// <summary>A case waiting in a queue, as the request shows it: no notes, drafts or content.</summary>
/// <param name="Waiting">Time since the request of the current cycle.</param>
/// <param name="WaitingDays">Calendar days since that request, counted in Danish dates.</param>
public sealed record PpvQueueEntry(
    Guid PpvCaseId,
    Guid ChildId,
    Guid SchoolId,
    PpvState State,
    int ForVersion,
    PpvPriority? Priority,
    Guid? PsychologistUserId,
    string? PsychologistName,
    DateTimeOffset RequestedAt,
    DateTimeOffset TargetAt,
    TimeSpan Waiting,
    int WaitingDays,
    bool IsPastTarget);

/// <summary>One psychologist's concurrent assessments against the rule set's capacity.</summary>
public sealed record PsychologistQueue(Guid PsychologistUserId, int Capacity, IReadOnlyList<PpvQueueEntry> Cases)
{
    public int Active => Cases.Count;
    public int FreePlaces => Math.Max(0, Capacity - Active);
    public bool IsFull => Active >= Capacity;
    public bool IsOverCapacity => Active > Capacity;
}

/// <summary>
/// How many assessments a psychologist carries at once (the seed: "som udgangspunkt i alt 3 forløb i gang
/// på samme tid"; rule set: concurrentAssessmentsPerPsychologist), and the queues the coordination
/// meetings and the psychologists look at. Pure functions over cases the caller has loaded.
/// </summary>
public static class PsychologistCapacity
{
    /// <summary>The states in which a case occupies its psychologist: from assignment until final or withdrawn.</summary>
    public static readonly IReadOnlySet<PpvState> ActiveStates = new HashSet<PpvState>
    {
        PpvState.Assigned, PpvState.InAssessment, PpvState.Drafted, PpvState.InHearing,
    };

    public static bool IsActiveAssessment(PpvCase ppv) => ActiveStates.Contains(ppv.State);

    /// <summary>The number to pass to <see cref="PpvWorkflow.Assign"/>.</summary>
    public static int ActiveAssessments(IEnumerable<PpvCase> cases, Guid psychologistUserId) =>
        cases.Count(c => c.AssignedPsychologistId == psychologistUserId && IsActiveAssessment(c));

    /// <summary>Whether one more assessment would go beyond capacity.</summary>
    public static bool IsFull(int activeAssessments, RuleSet rules) =>
        activeAssessments >= rules.Ppv.ConcurrentAssessmentsPerPsychologist;

    /// <summary>
    /// A school's requests still in progress, for its coordination meeting: prioritised ones first (high
    /// to low), then those not yet prioritised; within each, the longest waiting first.
    /// </summary>
    public static IReadOnlyList<PpvQueueEntry> SchoolQueue(IEnumerable<PpvCase> cases, Guid schoolId, DateTimeOffset now) =>
        cases.Where(c => c.DistrictSchoolId == schoolId && c.IsInProgress)
            .Select(c => Entry(c, now))
            .OrderBy(e => e.Priority is null ? int.MaxValue : (int)e.Priority.Value)
            .ThenBy(e => e.RequestedAt)
            .ToList();

    /// <summary>A psychologist's current assessments, the nearest target first.</summary>
    public static PsychologistQueue QueueOf(IEnumerable<PpvCase> cases, Guid psychologistUserId, RuleSet rules, DateTimeOffset now) =>
        new(psychologistUserId, rules.Ppv.ConcurrentAssessmentsPerPsychologist,
            cases.Where(c => c.AssignedPsychologistId == psychologistUserId && IsActiveAssessment(c))
                .Select(c => Entry(c, now))
                .OrderBy(e => e.TargetAt)
                .ThenBy(e => e.RequestedAt)
                .ToList());

    public static PpvQueueEntry Entry(PpvCase ppv, DateTimeOffset now)
    {
        var request = ppv.CurrentRequest;
        var assigned = IsActiveAssessment(ppv);
        return new PpvQueueEntry(ppv.Id, ppv.ChildId, ppv.DistrictSchoolId, ppv.State, request.ForVersion, request.Priority,
            assigned ? ppv.AssignedPsychologistId : null, assigned ? ppv.AssignedPsychologistName : null,
            request.RequestedAt, request.TargetAt, now - request.RequestedAt,
            DanishTime.Date(now).DayNumber - DanishTime.Date(request.RequestedAt).DayNumber,
            now > request.TargetAt);
    }
}
