namespace Visitation.Workflows.Referrals;

/// <summary>The six parts a referral (henvisning) must have before it can go to the committee.</summary>
public enum ReferralPartType
{
    /// <summary>Henvisningsskema, signed by the district school leader.</summary>
    SignedReferralForm,
    /// <summary>Pædagogisk-psykologisk vurdering from the psychologist service.</summary>
    PPV,
    /// <summary>Handleplan: goals, what has been tried, for how long, with what effect.</summary>
    ActionPlan,
    /// <summary>Elevplan: the school's plan for the pupil.</summary>
    PupilPlan,
    /// <summary>Forældreudtalelse: the parents' written statement.</summary>
    ParentStatement,
    /// <summary>Barnets perspektiv: the child's own view.</summary>
    ChildPerspective,
}

public enum ReferralState
{
    Draft,
    /// <summary>Submitted but missing parts: returned to the school with the list.</summary>
    Incomplete,
    Complete,
    AssignedToRound,
    Triaged,
    OnAgenda,
    /// <summary>The committee has decided placement or return to the general school.</summary>
    Decided,
    Withdrawn,
}

public enum ReferralTrigger
{
    AttachDocument,
    Submit,
    AssignToRound,
    Triage,
    PutOnAgenda,
    RecordHearing,
    DecidePlacement,
    DecideReturnToGeneral,
    Postpone,
    Withdraw,
    /// <summary>The referral was created as a draft; recorded in the history, never fired on the machine.</summary>
    Start,
}

/// <summary>The three tracks of the triage meeting (fordelingsmøde).</summary>
public enum Track
{
    SpecialOffers = 1,
    SocioEmotional = 2,
    FarReaching = 3,
}

public enum DecisionOutcome
{
    /// <summary>Placement in a named special offer.</summary>
    Placement,
    /// <summary>Tilbagevisning: support in the general school with recommendations.</summary>
    ReturnToGeneral,
    /// <summary>Postponed to a named later round with what is missing.</summary>
    Postponed,
}

public static class ReferralTexts
{
    public static string Danish(this ReferralPartType part) => part switch
    {
        ReferralPartType.SignedReferralForm => "underskrevet henvisningsskema",
        ReferralPartType.PPV => "PPV (pædagogisk-psykologisk vurdering)",
        ReferralPartType.ActionPlan => "handleplan",
        ReferralPartType.PupilPlan => "elevplan",
        ReferralPartType.ParentStatement => "forældreudtalelse",
        ReferralPartType.ChildPerspective => "barnets perspektiv",
        _ => part.ToString(),
    };

    public static string Danish(this ReferralState state) => state switch
    {
        ReferralState.Draft => "kladde",
        ReferralState.Incomplete => "mangelfuld (sendt retur til skolen)",
        ReferralState.Complete => "komplet",
        ReferralState.AssignedToRound => "tilknyttet visitationsrunde",
        ReferralState.Triaged => "fordelt på spor",
        ReferralState.OnAgenda => "på visitationsudvalgets dagsorden",
        ReferralState.Decided => "afgjort",
        ReferralState.Withdrawn => "trukket tilbage",
        _ => state.ToString(),
    };

    public static string Danish(this ReferralTrigger trigger) => trigger switch
    {
        ReferralTrigger.AttachDocument => "vedhæft dokument",
        ReferralTrigger.Submit => "indsend henvisning",
        ReferralTrigger.AssignToRound => "tilknyt visitationsrunde",
        ReferralTrigger.Triage => "fordel på spor",
        ReferralTrigger.PutOnAgenda => "sæt på dagsorden",
        ReferralTrigger.RecordHearing => "registrér partshøring",
        ReferralTrigger.DecidePlacement => "træf afgørelse om visitation til specialtilbud",
        ReferralTrigger.DecideReturnToGeneral => "træf afgørelse om tilbagevisning til almentilbud",
        ReferralTrigger.Postpone => "udsæt til senere runde",
        ReferralTrigger.Withdraw => "træk henvisningen tilbage",
        ReferralTrigger.Start => "opret henvisning",
        _ => trigger.ToString(),
    };

    /// <summary>The action as an infinitive, for sentences like "Du kan ikke … nu."</summary>
    public static string DanishInfinitive(this ReferralTrigger trigger) => trigger switch
    {
        ReferralTrigger.AttachDocument => "vedhæfte dokumenter",
        ReferralTrigger.Submit => "indsende henvisningen",
        ReferralTrigger.AssignToRound => "tilknytte henvisningen en visitationsrunde",
        ReferralTrigger.Triage => "fordele henvisningen på et spor",
        ReferralTrigger.PutOnAgenda => "sætte henvisningen på dagsordenen",
        ReferralTrigger.RecordHearing => "registrere en partshøring",
        ReferralTrigger.DecidePlacement => "træffe afgørelse om visitation til specialtilbud",
        ReferralTrigger.DecideReturnToGeneral => "træffe afgørelse om tilbagevisning til almentilbud",
        ReferralTrigger.Postpone => "udsætte sagen til en senere runde",
        ReferralTrigger.Withdraw => "trække henvisningen tilbage",
        ReferralTrigger.Start => "oprette en henvisning",
        _ => trigger.ToString(),
    };

    public static string Danish(this Track track) => track switch
    {
        Track.SpecialOffers => "spor 1: specialtilbud",
        Track.SocioEmotional => "spor 2: socio-emotionelle tilbud",
        Track.FarReaching => "spor 3: vidtgående tilbud",
        _ => track.ToString(),
    };
}
