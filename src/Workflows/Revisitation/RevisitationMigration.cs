using Visitation.Workflows.Access;
using Visitation.Workflows.Common;

namespace Visitation.Workflows.Revisitation;

/// <summary>
/// What migrating one case would do: the state it would be in, the steps carried over as done, the new
/// steps waived because the case is already past them, and, if it cannot be done, why (in Danish).
/// </summary>
public sealed record MigrationCheck(
    Guid CaseId,
    int FromVersion,
    int ToVersion,
    RevisitationState FromState,
    RevisitationState? ToState,
    IReadOnlyList<RevisitationStep> CarriedOver,
    IReadOnlyList<RevisitationStep> Waived,
    IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Moves a running revisitation from the version it runs on to another, by an explicit state mapping.
/// Nothing is replayed: the case keeps its history, meetings and done steps, and lands in the mapped
/// state. The mapping is refused when it does not cover the case's state, when the target state claims
/// a step the case has not done, or when it would ask for a step the case has already done. A step that
/// is new in the target version and lies before work already done is waived, not asked for: its moment
/// has passed (a child's statement meant for a status meeting already held).
/// </summary>
public static class RevisitationMigration
{
    /// <summary>Checks a mapping as a whole: every key a state of <paramref name="from"/>, every value one of <paramref name="to"/>.</summary>
    public static IReadOnlyList<string> CheckMapping(RevisitationWorkflow from, RevisitationWorkflow to,
        IReadOnlyDictionary<RevisitationState, RevisitationState> mapping)
    {
        var problems = new List<string>();
        if (from.Key != to.Key)
            problems.Add($"En sag kan kun flyttes mellem versioner af samme forløb ('{from.Key}' og '{to.Key}' er forskellige).");
        foreach (var (source, target) in mapping)
        {
            if (!from.States.Contains(source))
                problems.Add($"Tilstanden '{source.Danish()}' findes ikke i version {from.Version}.");
            if (!to.States.Contains(target))
                problems.Add($"Tilstanden '{target.Danish()}' findes ikke i version {to.Version}.");
            else if (target is RevisitationState.Decided or RevisitationState.Cancelled)
                problems.Add($"En igangværende sag kan ikke flyttes til tilstanden '{target.Danish()}'.");
        }
        return problems;
    }

    /// <summary>What migrating <paramref name="revisitation"/> would do, without doing it.</summary>
    public static MigrationCheck Check(RevisitationCase revisitation, RevisitationWorkflow from, RevisitationWorkflow to,
        IReadOnlyDictionary<RevisitationState, RevisitationState> mapping)
    {
        from.EnsureVersion(revisitation);
        var problems = new List<string>(CheckMapping(from, to, mapping));
        var carried = new List<RevisitationStep>();
        var waived = new List<RevisitationStep>();
        RevisitationState? target = null;

        if (to.Version == from.Version)
            problems.Add($"Sagen kører allerede på version {to.Version}.");
        if (!to.IsPublished)
            problems.Add($"Version {to.Version} er ikke offentliggjort; sager kan kun flyttes til en offentliggjort version.");
        if (!revisitation.IsOpen)
            problems.Add($"Sagen er {revisitation.State.Danish()} og kan ikke flyttes til en anden version.");
        else if (!mapping.TryGetValue(revisitation.State, out var mapped))
            problems.Add($"Tilknytningen dækker ikke sagens nuværende tilstand '{revisitation.State.Danish()}'.");
        else if (to.States.Contains(mapped) && mapped is not (RevisitationState.Decided or RevisitationState.Cancelled))
        {
            target = mapped;
            var claimed = to.StepsDoneIn(mapped);
            var steps = to.Steps.ToList();
            foreach (var step in claimed)
            {
                if (revisitation.IsSettled(step))
                    carried.Add(step);
                else if (!from.Steps.Contains(step) && steps.Skip(steps.IndexOf(step) + 1).Any(revisitation.HasDone))
                    waived.Add(step);
                else
                    problems.Add($"Tilstanden '{mapped.Danish()}' i version {to.Version} forudsætter, at {step.Danish()} er gennemført, men det er den ikke i denne sag.");
            }
            foreach (var step in steps.Where(s => revisitation.HasDone(s) && !claimed.Contains(s)))
                problems.Add($"Sagen har allerede gennemført {step.Danish()}; i tilstanden '{mapped.Danish()}' ville den blive bedt om det igen.");
        }
        return new MigrationCheck(revisitation.Id, from.Version, to.Version, revisitation.State, target, carried, waived, problems);
    }

    /// <summary>
    /// Migrates <paramref name="revisitation"/> to <paramref name="to"/>, recorded in its history. Only an
    /// administrator may; a mapping that fails <see cref="Check"/> is refused with every problem in Danish.
    /// </summary>
    public static MigrationCheck Migrate(RevisitationCase revisitation, RevisitationWorkflow from, RevisitationWorkflow to,
        IReadOnlyDictionary<RevisitationState, RevisitationState> mapping, Actor actor, DateTimeOffset now)
    {
        if (actor.Role != Role.Administrator)
            throw new NotPermittedException($"Som {actor.Role.Danish()} kan du ikke {RevisitationTrigger.Migrate.DanishInfinitive()}. Det kan kun en administrator.");
        var check = Check(revisitation, from, to, mapping);
        if (!check.IsValid)
            throw new InvalidInputException("mapping", "Sagen kan ikke flyttes: " + string.Join(" ", check.Problems));
        var fromState = revisitation.State;
        revisitation.WorkflowVersion = to.Version;
        revisitation.State = check.ToState!.Value;
        foreach (var step in check.Waived) revisitation.Waive(step, now);
        var detail = $"Flyttet fra version {from.Version} ({fromState.Danish()}) til version {to.Version} ({revisitation.State.Danish()})."
            + (check.CarriedOver.Count > 0 ? $" Gennemførte trin overført: {string.Join(", ", check.CarriedOver.Select(s => s.Danish()))}." : "")
            + (check.Waived.Count > 0 ? $" Bortfaldet, da sagen allerede var forbi dem: {string.Join(", ", check.Waived.Select(s => s.Danish()))}." : "");
        revisitation.Record(new RevisitationEvent(now, to.Version, RevisitationTrigger.Migrate, fromState, revisitation.State, actor, detail));
        return check;
    }

    /// <summary>The mapping that keeps every state of <paramref name="from"/> that <paramref name="to"/> also has, open states only.</summary>
    public static IReadOnlyDictionary<RevisitationState, RevisitationState> SameStates(RevisitationWorkflow from, RevisitationWorkflow to) =>
        from.States.Where(s => to.States.Contains(s) && s is not (RevisitationState.Decided or RevisitationState.Cancelled))
            .ToDictionary(s => s, s => s);
}
