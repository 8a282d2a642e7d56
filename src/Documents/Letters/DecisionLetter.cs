using Visitation.Documents.Layout;

namespace Visitation.Documents.Letters;

/// <summary>
/// Everything one letter to one guardian says that is particular to the case. Fixed wording
/// (headings, complaint guidance, standard legal basis) comes from the versioned template, so this
/// record holds only case facts and the caseworker's own text. Two guardians get two letters: use
/// <see cref="DecisionLetters.OnePerGuardian"/>.
/// </summary>
public sealed record DecisionLetter
{
    public required LetterKind Kind { get; init; }

    public required Letterhead Letterhead { get; init; }

    public required Recipient Recipient { get; init; }

    /// <summary>Names of the other guardians who receive the same letter; printed so each knows the other was told.</summary>
    public IReadOnlyList<string> AlsoSentTo { get; init; } = [];

    /// <summary>The date printed on the letter; also the PDF's creation date.</summary>
    public required DateOnly Date { get; init; }

    public required string CaseNumber { get; init; }

    /// <summary>The child's name. Never the CPR number: the letter travels outside the case system.</summary>
    public required string ChildName { get; init; }

    /// <summary>Who decided, as it should read in a sentence ("Visitationsudvalget", "Lederen af Solsikken").</summary>
    public required string DecidedBy { get; init; }

    public required DateOnly DecidedOn { get; init; }

    /// <summary>
    /// The decision itself, in the decision maker's words. Blank lines separate paragraphs.
    /// Required for every kind except <see cref="LetterKind.Postponement"/>, where the template says it.
    /// </summary>
    public string Decision { get; init; } = "";

    /// <summary>Forvaltningsloven § 24; required whenever the letter is an appealable decision.</summary>
    public Reasons? Reasons { get; init; }

    /// <summary>The committee's recommendations; required for <see cref="LetterKind.ReturnToGeneral"/>.</summary>
    public IReadOnlyList<string> Recommendations { get; init; } = [];

    /// <summary>Why and until when; required for (and only for) <see cref="LetterKind.Postponement"/>.</summary>
    public PostponementNotice? Postponement { get; init; }

    /// <summary>Provisions beyond the template's standard legal basis for this kind of letter.</summary>
    public IReadOnlyList<string> AdditionalLegalBasis { get; init; } = [];

    /// <summary>Case-specific next steps (dates of a start meeting, who calls whom), after the template's standard text.</summary>
    public IReadOnlyList<string> NextSteps { get; init; } = [];

    /// <summary>Forvaltningsloven § 25; required for appealable decisions, absent otherwise.</summary>
    public ComplaintGuidance? Complaint { get; init; }

    public required ContactPerson Contact { get; init; }

    public required Signature Signature { get; init; }

    /// <summary>The rule-set version the decision was made under; recorded in the PDF's metadata.</summary>
    public required string RuleSetVersion { get; init; }

    /// <summary>The template version to render with; null means the newest. Pin it to re-render an old letter identically.</summary>
    public string? TemplateVersion { get; init; }

    /// <summary>Set when this letter corrects an earlier one; the earlier letter is never changed.</summary>
    public LetterReference? Replaces { get; init; }
}

public sealed record PostalAddress(string Street, string PostalCode, string City)
{
    public string PostalLine => $"{PostalCode} {City}";
}

/// <summary>The sending municipality and unit, as printed in the letterhead.</summary>
public sealed record Letterhead(string MunicipalityName, string Department, PostalAddress Address, string Phone, string Email)
{
    public string? Website { get; init; }

    /// <summary>Colour of the municipality name, headings and rules.</summary>
    public Rgb Accent { get; init; } = new(0x1F, 0x4E, 0x79);
}

public sealed record Recipient(string Name, PostalAddress Address);

/// <summary>The three parts of a reasoned decision under forvaltningsloven § 24, each required on its own.</summary>
/// <param name="RulesApplied">The rules the decision is made under and how they are read.</param>
/// <param name="MainConsiderations">The main considerations that decided the discretionary judgement.</param>
/// <param name="FactsReliedOn">The facts and documents the decision rests on, one per item.</param>
public sealed record Reasons(string RulesApplied, string MainConsiderations, IReadOnlyList<string> FactsReliedOn);

/// <summary>Why a case is postponed and when it will be dealt with.</summary>
/// <param name="Reason">Why the committee could not decide now.</param>
/// <param name="Missing">What must be in place before it can (may be empty).</param>
/// <param name="NextConsideration">The date of the meeting where the case is expected to be decided.</param>
public sealed record PostponementNotice(string Reason, IReadOnlyList<string> Missing, DateOnly NextConsideration);

/// <summary>
/// Complaint guidance under forvaltningsloven § 25 and folkeskoleloven § 51. The figures come from the
/// rule set in force; <see cref="DeliveredOn"/> is the delivery receipt's date (Danish time), since the
/// deadline runs from when the decision reached the guardian.
/// </summary>
public sealed record ComplaintGuidance(string Board, DateOnly DeliveredOn, int DeadlineWeeks, int ReassessmentWeeks)
{
    /// <summary>
    /// The last day a complaint is in time. Defaults to delivery plus <see cref="DeadlineWeeks"/>;
    /// the domain may set a later day (e.g. moved past a public holiday) but never an earlier one.
    /// </summary>
    public DateOnly Deadline { get; init; } = DeliveredOn.AddDays(7 * DeadlineWeeks);
}

public sealed record ContactPerson(string Name, string Title, string Phone, string Email);

public sealed record Signature(string Name, string Title);

/// <summary>Identifies an earlier letter: its date and the identifier under which it is stored.</summary>
public sealed record LetterReference(DateOnly Date, string LetterId);

public static class DecisionLetters
{
    /// <summary>
    /// One letter per guardian with custody: same content, own recipient block, and a note naming the
    /// others who were sent the letter.
    /// </summary>
    public static IReadOnlyList<DecisionLetter> OnePerGuardian(DecisionLetter letter, IReadOnlyList<Recipient> guardians)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(guardians);
        if (guardians.Count == 0)
        {
            throw new ArgumentException("A decision must go to at least one guardian.", nameof(guardians));
        }

        return guardians
            .Select((guardian, index) => letter with
            {
                Recipient = guardian,
                AlsoSentTo = [.. guardians.Where((_, other) => other != index).Select(other => other.Name)],
            })
            .ToList();
    }
}
