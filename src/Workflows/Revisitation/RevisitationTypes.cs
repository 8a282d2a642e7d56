using Visitation.Workflows.Placements;

namespace Visitation.Workflows.Revisitation;

/// <summary>
/// The states of every version of the revisitation workflow; a version uses the ones its diagram draws.
/// Each names what has been done last, so a case's state says which steps are behind it.
/// </summary>
public enum RevisitationState
{
    /// <summary>Started; the pupil conversation is next.</summary>
    Started,
    PupilConversationHeld,
    /// <summary>Version 2 onwards: the child's own statement is recorded before the status meeting.</summary>
    ChildStatementRecorded,
    StatusMeetingHeld,
    /// <summary>The revised handleplan is with the district school leader, whose answer is awaited.</summary>
    HandleplanSent,
    HandleplanAnswered,
    ParentConversationHeld,
    RevisitationMeetingHeld,
    /// <summary>Continue, change or end is decided; the written decision to the parents follows.</summary>
    Decided,
    Cancelled,
}

public enum RevisitationTrigger
{
    RecordPupilConversation,
    RecordChildStatement,
    RecordStatusMeeting,
    SendHandleplan,
    AnswerHandleplan,
    /// <summary>The parents or the district school leader ask for a revisitation meeting before the decision.</summary>
    RequestRevisitationMeeting,
    RecordParentConversation,
    RecordRevisitationMeeting,
    DecideContinuation,
    DecideChange,
    DecideEnd,
    Cancel,
    /// <summary>The case was started; recorded in the history, never fired on the machine.</summary>
    Start,
    /// <summary>An administrator moved the case to another version; recorded in the history, never fired on the machine.</summary>
    Migrate,
}

/// <summary>
/// The steps of a revisitation that can be planned and that are done once. A version lists the steps
/// it has, in order (<see cref="RevisitationWorkflow.Steps"/>); a case records each step it has done.
/// </summary>
public enum RevisitationStep
{
    PupilConversation,
    ChildStatement,
    StatusMeeting,
    /// <summary>The district school leader's answer to the revised handleplan, due within the rule set's days.</summary>
    HandleplanAnswer,
    ParentConversation,
    /// <summary>Held only when the needs changed or the parents or the district school leader ask for it.</summary>
    RevisitationMeeting,
    Decision,
}

public enum StepStatus
{
    Done,
    /// <summary>A step new in the version a case was migrated to whose moment had passed: not asked for.</summary>
    Waived,
}

public enum HandleplanAnswer
{
    NoFurtherDiscussion,
    WantsDiscussion,
}

public enum HandleplanNoteKind
{
    FocusPoint,
    Recommendation,
}

public enum RevisitationOutcome
{
    /// <summary>The support continues as it is.</summary>
    Continue,
    /// <summary>The support continues in the same offer at another scope.</summary>
    ChangeScope,
    /// <summary>Another offer would meet the needs better: the committee decides, on a referral.</summary>
    ChangeOffer,
    /// <summary>Udslusning: partial or full return to the district school.</summary>
    End,
}

/// <summary>What a step needs: who takes part and whether it is a meeting that has to be found a date.</summary>
public sealed record StepInfo(RevisitationStep Step, IReadOnlyList<ParticipantRole> Participants, bool IsMeeting, MeetingKind? MeetingKind);

public static class RevisitationSteps
{
    private static readonly Dictionary<RevisitationStep, StepInfo> Info = new()
    {
        [RevisitationStep.PupilConversation] = new(RevisitationStep.PupilConversation,
            [ParticipantRole.ContactTeacher, ParticipantRole.Pupil], true, MeetingKind.PupilConversation),
        [RevisitationStep.ChildStatement] = new(RevisitationStep.ChildStatement,
            [ParticipantRole.ContactTeacher, ParticipantRole.Pupil], true, MeetingKind.ChildStatement),
        [RevisitationStep.StatusMeeting] = new(RevisitationStep.StatusMeeting,
            [ParticipantRole.Team, ParticipantRole.OfferLeader, ParticipantRole.Psychologist], true, MeetingKind.StatusMeeting),
        [RevisitationStep.HandleplanAnswer] = new(RevisitationStep.HandleplanAnswer,
            [ParticipantRole.DistrictSchoolLeader], false, null),
        [RevisitationStep.ParentConversation] = new(RevisitationStep.ParentConversation,
            [ParticipantRole.Team, ParticipantRole.Pupil, ParticipantRole.Guardian], true, MeetingKind.ParentConversation),
        [RevisitationStep.RevisitationMeeting] = new(RevisitationStep.RevisitationMeeting,
            [ParticipantRole.OfferLeader, ParticipantRole.DistrictSchoolLeader, ParticipantRole.Psychologist, ParticipantRole.Guardian], true,
            MeetingKind.RevisitationMeeting),
        [RevisitationStep.Decision] = new(RevisitationStep.Decision, [ParticipantRole.OfferLeader], false, null),
    };

    public static StepInfo Of(RevisitationStep step) => Info[step];

    /// <summary>The step a state marks as just done; null for the start and for cancellation.</summary>
    public static RevisitationStep? LastDoneIn(RevisitationState state) => state switch
    {
        RevisitationState.PupilConversationHeld => RevisitationStep.PupilConversation,
        RevisitationState.ChildStatementRecorded => RevisitationStep.ChildStatement,
        RevisitationState.StatusMeetingHeld or RevisitationState.HandleplanSent => RevisitationStep.StatusMeeting,
        RevisitationState.HandleplanAnswered => RevisitationStep.HandleplanAnswer,
        RevisitationState.ParentConversationHeld => RevisitationStep.ParentConversation,
        RevisitationState.RevisitationMeetingHeld => RevisitationStep.RevisitationMeeting,
        RevisitationState.Decided => RevisitationStep.Decision,
        _ => null,
    };
}

public static class RevisitationTexts
{
    public static string Danish(this RevisitationState state) => state switch
    {
        RevisitationState.Started => "startet (elevsamtalen er ikke holdt)",
        RevisitationState.PupilConversationHeld => "elevsamtalen er holdt",
        RevisitationState.ChildStatementRecorded => "barnets egen udtalelse er registreret",
        RevisitationState.StatusMeetingHeld => "statusmødet er holdt",
        RevisitationState.HandleplanSent => "handleplanen er sendt til distriktsskolelederen",
        RevisitationState.HandleplanAnswered => "distriktsskolelederen har svaret på handleplanen",
        RevisitationState.ParentConversationHeld => "forældresamtalen er holdt",
        RevisitationState.RevisitationMeetingHeld => "revisitationsmødet er holdt",
        RevisitationState.Decided => "afgjort",
        RevisitationState.Cancelled => "annulleret",
        _ => state.ToString(),
    };

    public static string Danish(this RevisitationStep step) => step switch
    {
        RevisitationStep.PupilConversation => "elevsamtale",
        RevisitationStep.ChildStatement => "barnets egen udtalelse",
        RevisitationStep.StatusMeeting => "statusmøde",
        RevisitationStep.HandleplanAnswer => "distriktsskolelederens svar på handleplanen",
        RevisitationStep.ParentConversation => "forældresamtale",
        RevisitationStep.RevisitationMeeting => "revisitationsmøde",
        RevisitationStep.Decision => "afgørelse",
        _ => step.ToString(),
    };

    public static string Danish(this RevisitationOutcome outcome) => outcome switch
    {
        RevisitationOutcome.Continue => "fortsat specialtilbud",
        RevisitationOutcome.ChangeScope => "ændret omfang af støtten",
        RevisitationOutcome.ChangeOffer => "skift til et andet tilbud (henvisning til visitationsudvalget)",
        RevisitationOutcome.End => "udslusning til distriktsskolen",
        _ => outcome.ToString(),
    };

    public static string Danish(this HandleplanAnswer answer) => answer switch
    {
        HandleplanAnswer.NoFurtherDiscussion => "ingen yderligere drøftelse",
        HandleplanAnswer.WantsDiscussion => "ønsker drøftelse",
        _ => answer.ToString(),
    };

    /// <summary>The action as an infinitive, for sentences like "Du kan ikke … nu."</summary>
    public static string DanishInfinitive(this RevisitationTrigger trigger) => trigger switch
    {
        RevisitationTrigger.RecordPupilConversation => "registrere elevsamtalen",
        RevisitationTrigger.RecordChildStatement => "registrere barnets egen udtalelse",
        RevisitationTrigger.RecordStatusMeeting => "registrere statusmødet",
        RevisitationTrigger.SendHandleplan => "sende handleplanen til distriktsskolelederen",
        RevisitationTrigger.AnswerHandleplan => "svare på handleplanen",
        RevisitationTrigger.RequestRevisitationMeeting => "bede om et revisitationsmøde",
        RevisitationTrigger.RecordParentConversation => "registrere forældresamtalen",
        RevisitationTrigger.RecordRevisitationMeeting => "registrere revisitationsmødet",
        RevisitationTrigger.DecideContinuation => "træffe afgørelse om fortsat specialtilbud",
        RevisitationTrigger.DecideChange => "træffe afgørelse om ændret støtte",
        RevisitationTrigger.DecideEnd => "træffe afgørelse om udslusning",
        RevisitationTrigger.Cancel => "annullere revisitationen",
        RevisitationTrigger.Start => "starte en revisitation",
        RevisitationTrigger.Migrate => "flytte sagen til en anden version af forløbet",
        _ => trigger.ToString(),
    };
}
