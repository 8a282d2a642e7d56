using Visitation.Workflows.Referrals;

namespace Visitation.Api.Infrastructure.Web;

/// <summary>The referral's codes as the pages write them.</summary>
public static class ReferralText
{
    public static string State(string code) =>
        Enum.TryParse<ReferralState>(code, out var state) ? Show.Capitalised(state.Danish()) : code;

    public static string Part(string code) =>
        Enum.TryParse<ReferralPartType>(code, out var part) ? Show.Capitalised(part.Danish()) : code;

    public static string Track(int? track) =>
        track is { } t && Enum.IsDefined((Track)t) ? Show.Capitalised(((Track)t).Danish()) : "";

    /// <summary>Where a referral's PPV part comes from: a final version of the PPV workflow, or an uploaded PPV as the school marked it.</summary>
    public static string PpvSource(Features.Referrals.DocumentView document) => document switch
    {
        { PpvVersion: { } version } => $"Endelig PPV, version {version}, fra PPV-forløbet.",
        { ExternalPpv: { } external } =>
            $"Ekstern PPV udarbejdet af {external.Issuer}, dateret {Show.Date(external.IssuedOn)}, markeret som endelig af skolen.",
        _ => "Ekstern PPV uploadet uden oplysning om, hvem der har udarbejdet den, og hvornår.",
    };

    /// <summary>A short tag class per state, so lists can be scanned (the text says the same; colour is never alone).</summary>
    public static string StateTag(string code) => code switch
    {
        nameof(ReferralState.Draft) or nameof(ReferralState.Incomplete) => "tag tag-warn",
        nameof(ReferralState.Decided) => "tag tag-done",
        nameof(ReferralState.Withdrawn) => "tag tag-muted",
        _ => "tag",
    };

    /// <summary>What the state means for the parents, in plain Danish.</summary>
    public static string ForParents(string code) => code switch
    {
        nameof(ReferralState.Draft) => "Skolen er ved at samle henvisningen. Den er ikke sendt til visitationsudvalget endnu.",
        nameof(ReferralState.Incomplete) => "Skolen har sendt henvisningen, men der mangler dele. Skolen gør den færdig, før visitationsudvalget kan se på den.",
        nameof(ReferralState.Complete) => "Henvisningen er komplet. Visitationsudvalget sætter den på en visitationsrunde.",
        nameof(ReferralState.AssignedToRound) => "Sagen skal behandles på en visitationsrunde.",
        nameof(ReferralState.Triaged) => "Sagen er gennemgået og fordelt, så den kan komme på visitationsudvalgets dagsorden.",
        nameof(ReferralState.OnAgenda) => "Sagen er på dagsordenen til visitationsudvalgets næste møde.",
        nameof(ReferralState.Decided) => "Visitationsudvalget har truffet en afgørelse. Du kan læse den herunder.",
        nameof(ReferralState.Withdrawn) => "Skolen har trukket henvisningen tilbage.",
        _ => "",
    };
}
