using Visitation.Documents.Letters;

namespace Visitation.Documents.Templates;

/// <summary>
/// One version of the Danish wording for all letter kinds, read from Templates/letters.v{n}.json.
/// Texts may contain placeholders such as {barn}; <see cref="TemplateText"/> lists the known ones.
/// </summary>
public sealed record LetterTemplate
{
    public required string Version { get; init; }

    /// <summary>BCP 47 language tag written into the PDF catalog.</summary>
    public required string Language { get; init; }

    /// <summary>For the people who maintain the wording; never printed.</summary>
    public string? ReviewNote { get; init; }

    public required IReadOnlyList<string> MonthNames { get; init; }

    public required TemplateLabels Labels { get; init; }

    public required ComplaintTemplate Complaint { get; init; }

    public required IReadOnlyList<string> AccessToFiles { get; init; }

    public required IReadOnlyList<string> Questions { get; init; }

    public required IReadOnlyDictionary<LetterKind, KindTemplate> Kinds { get; init; }

    public KindTemplate For(LetterKind kind) =>
        Kinds.TryGetValue(kind, out var template)
            ? template
            : throw new InvalidOperationException($"Letter template version {Version} has no wording for {kind}.");
}

public sealed record TemplateLabels
{
    public required string Date { get; init; }

    public required string CaseNumber { get; init; }

    public required string ContactPerson { get; init; }

    public required string Phone { get; init; }

    public required string Salutation { get; init; }

    public required string Reasons { get; init; }

    public required string RulesApplied { get; init; }

    public required string MainConsiderations { get; init; }

    public required string FactsReliedOn { get; init; }

    public required string Recommendations { get; init; }

    public required string LegalBasis { get; init; }

    public required string NextSteps { get; init; }

    public required string AccessToFiles { get; init; }

    public required string Questions { get; init; }

    public required string Closing { get; init; }

    public required string AlsoSentTo { get; init; }

    public required string ListJoiner { get; init; }

    public required string Replaces { get; init; }

    public required string PageNumber { get; init; }

    public required string Footer { get; init; }

    public required string ContinuationHeader { get; init; }
}

/// <summary>Forvaltningsloven § 25: who hears a complaint, how to complain, and by when.</summary>
public sealed record ComplaintTemplate
{
    public required string Heading { get; init; }

    public required string BoardLabel { get; init; }

    public required string SendToLabel { get; init; }

    public required string DeadlineLabel { get; init; }

    public required string SendTo { get; init; }

    public required IReadOnlyList<string> Paragraphs { get; init; }
}

public sealed record KindTemplate
{
    /// <summary>Whether the letter is an appealable decision: it then needs reasons and complaint guidance.</summary>
    public required bool Appealable { get; init; }

    public required string Subject { get; init; }

    /// <summary>What kind of document this is, for the PDF's subject metadata.</summary>
    public required string Description { get; init; }

    public required IReadOnlyList<string> Intro { get; init; }

    public required string DecisionHeading { get; init; }

    public required IReadOnlyList<string> NextSteps { get; init; }

    public required IReadOnlyList<string> LegalBasis { get; init; }

    public PostponementTemplate? Postponement { get; init; }
}

public sealed record PostponementTemplate
{
    public required string WhyHeading { get; init; }

    public required string MissingIntro { get; init; }

    public required string WhenHeading { get; init; }

    public required IReadOnlyList<string> When { get; init; }

    public required IReadOnlyList<string> NotADecision { get; init; }
}
