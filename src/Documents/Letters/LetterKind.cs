namespace Visitation.Documents.Letters;

/// <summary>The kinds of letter the system writes; each has its own template (Templates/letters.v*.json).</summary>
public enum LetterKind
{
    /// <summary>The visitation committee places the child in a named special offer.</summary>
    CommitteePlacement,

    /// <summary>Tilbagevisning: no special placement; support in the general school, with recommendations.</summary>
    ReturnToGeneral,

    /// <summary>The committee postpones the case to a later round. Not a decision and not appealable.</summary>
    Postponement,

    /// <summary>Revisitation: the special offer continues unchanged.</summary>
    RevisitationContinue,

    /// <summary>Revisitation: the support changes (more, less or another offer).</summary>
    RevisitationChange,

    /// <summary>Revisitation: the special offer ends, with phase-out to the district school.</summary>
    RevisitationEnd,
}
