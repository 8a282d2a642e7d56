using Visitation.Workflows.Ppv;

namespace Visitation.Api.Infrastructure.Web;

/// <summary>The PPV's codes as the pages write them.</summary>
public static class PpvText
{
    public static string State(string code) =>
        Enum.TryParse<PpvState>(code, out var state) ? Show.Capitalised(state.Danish()) : code;

    /// <summary>A short tag class per state, so lists can be scanned (the text says the same; colour is never alone).</summary>
    public static string StateTag(string code) => code switch
    {
        nameof(PpvState.Requested) or nameof(PpvState.InHearing) => "tag tag-warn",
        nameof(PpvState.Final) => "tag tag-done",
        nameof(PpvState.Withdrawn) => "tag tag-muted",
        _ => "tag",
    };

    /// <summary>What the state means for the parents, in plain Danish.</summary>
    public static string ForParents(string code) => code switch
    {
        nameof(PpvState.Requested) =>
            "Der er bedt om en PPV. Psykologen må først gå i gang, når alle forældremyndighedsindehavere har givet samtykke.",
        nameof(PpvState.AwaitingPrioritisation) =>
            "I har givet samtykke. Skolen og PPR prioriterer sagen på deres næste koordineringsmøde.",
        nameof(PpvState.AwaitingAssignment) =>
            "Sagen er prioriteret og venter på, at en psykolog får den.",
        nameof(PpvState.Assigned) or nameof(PpvState.InAssessment) =>
            "En psykolog er i gang med vurderingen: observationer og samtaler med barnet, jer og lærerne.",
        nameof(PpvState.Drafted) =>
            "Psykologen skriver et udkast til PPV'en. I får udkastet i høring, før det bliver endeligt.",
        nameof(PpvState.InHearing) =>
            "Udkastet til PPV'en er sendt til jer i høring. I kan læse det og kommentere det inden svarfristen.",
        nameof(PpvState.Final) =>
            "PPV'en er endelig. I kan læse den og hente den som PDF herunder.",
        nameof(PpvState.Withdrawn) =>
            "Anmodningen om en PPV er trukket tilbage.",
        _ => "",
    };

    /// <summary>The scopes a guardian consents to, each on its own, in the order the form asks for them.</summary>
    public static readonly IReadOnlyList<(ConsentScopes Scope, string Label, string Hint)> Scopes =
    [
        (ConsentScopes.Assessment, "Vurdering",
            "Psykologen må vurdere barnet: observere i klassen og tale med barnet, jer og lærerne. Uden dette samtykke kan der ikke laves en PPV."),
        (ConsentScopes.SharingWithSchool, "Deling med skolen",
            "Barnets distriktsskole må læse den endelige PPV."),
        (ConsentScopes.SharingWithCommittee, "Deling med visitationsudvalget",
            "Visitationsudvalget må læse den endelige PPV, hvis skolen henviser barnet til et specialtilbud."),
    ];

    public static string NoteKind(PpvNoteKind kind) => Show.Capitalised(kind.Danish());
}
