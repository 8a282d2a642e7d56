namespace Visitation.Workflows.Ppv;

public enum PpvState
{
    /// <summary>Requested by the district school or the parents; nothing more happens until the parents consent.</summary>
    Requested,
    /// <summary>Every guardian has consented to the assessment; waits for the school's coordination meeting.</summary>
    AwaitingPrioritisation,
    /// <summary>Prioritised at the coordination meeting; waits for a psychologist.</summary>
    AwaitingAssignment,
    /// <summary>A psychologist has the case; no assessment note yet.</summary>
    Assigned,
    /// <summary>Observations and conversations are being recorded.</summary>
    InAssessment,
    /// <summary>A draft PPV with recommendations exists and has not been sent to the parents.</summary>
    Drafted,
    /// <summary>The draft is with the parents, who may comment until the reply deadline.</summary>
    InHearing,
    /// <summary>The latest version is final; an update starts a new cycle.</summary>
    Final,
    /// <summary>The request was withdrawn before any version became final.</summary>
    Withdrawn,
}

public enum PpvTrigger
{
    RecordConsent,
    Prioritise,
    Assign,
    Reassign,
    RecordNote,
    WriteDraft,
    SendToHearing,
    CommentOnHearing,
    ReopenDraft,
    Finalise,
    RequestUpdate,
    Withdraw,
    /// <summary>The PPV was requested; recorded in the history, never fired on the machine.</summary>
    Request,
}

/// <summary>What a guardian consents to. Consent is per guardian; a scope holds when every guardian has given it.</summary>
[Flags]
public enum ConsentScopes
{
    None = 0,
    /// <summary>The psychologist service may assess the child (observations, conversations, tests).</summary>
    Assessment = 1,
    /// <summary>The final PPV may be shared with the child's district school.</summary>
    SharingWithSchool = 2,
    /// <summary>The final PPV may be shared with the visitation committee (as part of a referral).</summary>
    SharingWithCommittee = 4,
    All = Assessment | SharingWithSchool | SharingWithCommittee,
}

/// <summary>The priority the coordination meeting gives a request; lower value goes first.</summary>
public enum PpvPriority
{
    High = 1,
    Normal = 2,
    Low = 3,
}

public enum PpvNoteKind
{
    Observation,
    ConversationWithChild,
    ConversationWithParents,
    ConversationWithTeachers,
    Testing,
    Other,
}

/// <summary>Why a hearing was closed.</summary>
public enum HearingClosure
{
    /// <summary>The heard draft became the final version.</summary>
    Finalised,
    /// <summary>The psychologist took the draft back to revise it; a new hearing is needed.</summary>
    DraftReopened,
    /// <summary>The request or the update was withdrawn.</summary>
    Withdrawn,
}

public static class PpvTexts
{
    public static string Danish(this PpvState state) => state switch
    {
        PpvState.Requested => "anmodet og afventer forældrenes samtykke",
        PpvState.AwaitingPrioritisation => "klar til prioritering på koordineringsmødet",
        PpvState.AwaitingAssignment => "prioriteret og afventer tildeling af en psykolog",
        PpvState.Assigned => "tildelt en psykolog",
        PpvState.InAssessment => "under vurdering",
        PpvState.Drafted => "i udkast (ikke sendt i høring)",
        PpvState.InHearing => "i høring hos forældrene",
        PpvState.Final => "endelig",
        PpvState.Withdrawn => "trukket tilbage",
        _ => state.ToString(),
    };

    public static string Danish(this PpvTrigger trigger) => trigger switch
    {
        PpvTrigger.RecordConsent => "registrér samtykke",
        PpvTrigger.Prioritise => "prioritér på koordineringsmødet",
        PpvTrigger.Assign => "tildel psykolog",
        PpvTrigger.Reassign => "tildel anden psykolog",
        PpvTrigger.RecordNote => "registrér notat",
        PpvTrigger.WriteDraft => "skriv udkast",
        PpvTrigger.SendToHearing => "send udkast i høring",
        PpvTrigger.CommentOnHearing => "kommentér udkastet",
        PpvTrigger.ReopenDraft => "tag udkastet tilbage fra høring",
        PpvTrigger.Finalise => "gør PPV'en endelig",
        PpvTrigger.RequestUpdate => "anmod om opdatering",
        PpvTrigger.Withdraw => "træk anmodningen tilbage",
        PpvTrigger.Request => "anmod om PPV",
        _ => trigger.ToString(),
    };

    /// <summary>The action as an infinitive, for sentences like "Du kan ikke … nu."</summary>
    public static string DanishInfinitive(this PpvTrigger trigger) => trigger switch
    {
        PpvTrigger.RecordConsent => "registrere samtykke",
        PpvTrigger.Prioritise => "prioritere sagen",
        PpvTrigger.Assign => "tildele sagen en psykolog",
        PpvTrigger.Reassign => "tildele sagen en anden psykolog",
        PpvTrigger.RecordNote => "registrere notater",
        PpvTrigger.WriteDraft => "skrive et udkast til PPV'en",
        PpvTrigger.SendToHearing => "sende udkastet i høring hos forældrene",
        PpvTrigger.CommentOnHearing => "kommentere udkastet",
        PpvTrigger.ReopenDraft => "tage udkastet tilbage fra høring",
        PpvTrigger.Finalise => "gøre PPV'en endelig",
        PpvTrigger.RequestUpdate => "anmode om en opdatering af PPV'en",
        PpvTrigger.Withdraw => "trække anmodningen tilbage",
        PpvTrigger.Request => "anmode om en PPV",
        _ => trigger.ToString(),
    };

    /// <summary>"vurdering, deling med skolen".</summary>
    public static string Danish(this ConsentScopes scopes)
    {
        var parts = new List<string>();
        if (scopes.HasFlag(ConsentScopes.Assessment)) parts.Add("vurdering");
        if (scopes.HasFlag(ConsentScopes.SharingWithSchool)) parts.Add("deling med skolen");
        if (scopes.HasFlag(ConsentScopes.SharingWithCommittee)) parts.Add("deling med visitationsudvalget");
        return parts.Count == 0 ? "intet" : string.Join(", ", parts);
    }

    public static string Danish(this PpvPriority priority) => priority switch
    {
        PpvPriority.High => "høj",
        PpvPriority.Normal => "normal",
        PpvPriority.Low => "lav",
        _ => priority.ToString(),
    };

    public static string Danish(this PpvNoteKind kind) => kind switch
    {
        PpvNoteKind.Observation => "observation",
        PpvNoteKind.ConversationWithChild => "samtale med barnet",
        PpvNoteKind.ConversationWithParents => "samtale med forældrene",
        PpvNoteKind.ConversationWithTeachers => "samtale med lærerne",
        PpvNoteKind.Testing => "test eller undersøgelse",
        PpvNoteKind.Other => "andet",
        _ => kind.ToString(),
    };
}
