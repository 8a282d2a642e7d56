using Visitation.Workflows.Access;
using Visitation.Workflows.Common;

namespace Visitation.Workflows.Decisions;

/// <summary>The kinds of written decision; each has its own letter template.</summary>
public enum WrittenDecisionKind
{
    CommitteePlacement,
    /// <summary>Tilbagevisning: support in the general school with recommendations.</summary>
    ReturnToGeneral,
    /// <summary>Notice that the case waits for a later round; not an appealable decision.</summary>
    Postponement,
    RevisitationContinue,
    RevisitationChange,
    RevisitationEnd,
}

/// <summary>What the decision maker writes; the letter template adds the fixed wording.</summary>
public sealed record DecisionContent(
    string DecisionText,
    string? RulesApplied,
    string? MainConsiderations,
    IReadOnlyList<string> FactsReliedOn,
    IReadOnlyList<string> Recommendations,
    IReadOnlyList<string> AdditionalLegalBasis,
    IReadOnlyList<string> NextSteps,
    string? PostponementReason = null,
    IReadOnlyList<string>? PostponementMissing = null,
    DateOnly? NextConsideration = null);

/// <summary>What the case holds that a lawful decision rests on.</summary>
/// <param name="PpvDescription">Which PPV the decision relies on, as cited in the letter; null when there is none.</param>
/// <param name="GuardiansWithoutPostalAddress">Guardians whose address lacks street, postal code or town: a letter cannot be addressed to them.</param>
public sealed record DecisionBasis(string? PpvDescription, bool HasParentStatement, bool HasConcludedHearing, int GuardianCount,
    IReadOnlyList<string>? GuardiansWithoutPostalAddress = null);

/// <summary>
/// An afgørelse: the written, reasoned decision as issued. Immutable once issued; a correction is a new
/// written decision that names the one it replaces.
/// </summary>
public sealed class WrittenDecision
{
    private readonly List<string> _factsReliedOn = [];
    private readonly List<string> _recommendations = [];
    private readonly List<string> _additionalLegalBasis = [];
    private readonly List<string> _nextSteps = [];
    private readonly List<string> _postponementMissing = [];

    public Guid Id { get; private set; }
    public WrittenDecisionKind Kind { get; private set; }
    /// <summary>"referral" or "revisitation": which kind of case decided it.</summary>
    public string CaseType { get; private set; } = "";
    public Guid CaseId { get; private set; }
    /// <summary>The case's own record of the decision (e.g. the referral decision id).</summary>
    public Guid SourceDecisionId { get; private set; }
    public Guid ChildId { get; private set; }
    public string DecidedBy { get; private set; } = "";
    public DateOnly DecidedOn { get; private set; }
    public string DecisionText { get; private set; } = "";
    public string? RulesApplied { get; private set; }
    public string? MainConsiderations { get; private set; }
    public IReadOnlyList<string> FactsReliedOn => _factsReliedOn;
    public IReadOnlyList<string> Recommendations => _recommendations;
    public IReadOnlyList<string> AdditionalLegalBasis => _additionalLegalBasis;
    public IReadOnlyList<string> NextSteps => _nextSteps;
    public string? PostponementReason { get; private set; }
    public IReadOnlyList<string> PostponementMissing => _postponementMissing;
    public DateOnly? NextConsideration { get; private set; }
    public string? PpvDescription { get; private set; }
    public bool IsAppealable { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    public Guid IssuedByUserId { get; private set; }
    public string IssuedByName { get; private set; } = "";
    public string IssuedByRole { get; private set; } = "";
    public string RuleSetVersion { get; private set; } = "";
    public Guid? ReplacesDecisionId { get; private set; }

    private WrittenDecision() { }

    public static bool IsAppealableKind(WrittenDecisionKind kind) => kind != WrittenDecisionKind.Postponement;

    /// <summary>
    /// Issues a decision, or refuses with the Danish list of everything missing (<see cref="DecisionLint"/>).
    /// </summary>
    public static WrittenDecision Issue(Guid id, WrittenDecisionKind kind, string caseType, Guid caseId, Guid sourceDecisionId,
        Guid childId, string decidedBy, DateOnly decidedOn, DecisionContent content, DecisionBasis basis, Rules.RuleSet rules,
        Actor actor, DateTimeOffset now, Guid? replaces = null)
    {
        var missing = DecisionLint.Check(kind, content, basis, rules.Complaints, decidedOn);
        if (missing.Count > 0) throw new IncompleteDecisionException(missing);
        var decision = new WrittenDecision
        {
            Id = id,
            Kind = kind,
            CaseType = caseType,
            CaseId = caseId,
            SourceDecisionId = sourceDecisionId,
            ChildId = childId,
            DecidedBy = decidedBy,
            DecidedOn = decidedOn,
            DecisionText = content.DecisionText.Trim(),
            RulesApplied = content.RulesApplied?.Trim(),
            MainConsiderations = content.MainConsiderations?.Trim(),
            PostponementReason = content.PostponementReason?.Trim(),
            NextConsideration = content.NextConsideration,
            PpvDescription = basis.PpvDescription,
            IsAppealable = IsAppealableKind(kind),
            IssuedAt = now,
            IssuedByUserId = actor.UserId,
            IssuedByName = actor.DisplayName,
            IssuedByRole = actor.Role.ToString(),
            RuleSetVersion = rules.Version,
            ReplacesDecisionId = replaces,
        };
        decision._factsReliedOn.AddRange(Clean(content.FactsReliedOn));
        decision._recommendations.AddRange(Clean(content.Recommendations));
        decision._additionalLegalBasis.AddRange(Clean(content.AdditionalLegalBasis));
        decision._nextSteps.AddRange(Clean(content.NextSteps));
        decision._postponementMissing.AddRange(Clean(content.PostponementMissing ?? []));
        return decision;
    }

    private static IEnumerable<string> Clean(IEnumerable<string> items) =>
        items.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim());
}

/// <summary>Issuing was refused; <see cref="Missing"/> lists, in Danish, every element that is missing.</summary>
public sealed class IncompleteDecisionException(IReadOnlyList<string> missing)
    : DomainException("Afgørelsen kan ikke udstedes, fordi der mangler: " + string.Join("; ", missing) + ".")
{
    public IReadOnlyList<string> Missing { get; } = missing;
}
