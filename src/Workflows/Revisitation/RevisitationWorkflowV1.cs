using Stateless;
using Visitation.Workflows.Access;

namespace Visitation.Workflows.Revisitation;

/// <summary>
/// Revisitation workflow, version 1: pupil conversation → status meeting (focus points and
/// recommendations into the handleplan) → handleplan to the district school leader, who answers →
/// parent conversation → decision to continue, or, when the needs changed or someone asks for it,
/// a revisitation meeting first and then continue, change or end.
/// </summary>
public class RevisitationWorkflowV1 : RevisitationWorkflow
{
    public override int Version => 1;

    public override IReadOnlyList<RevisitationStep> Steps { get; } =
    [
        RevisitationStep.PupilConversation,
        RevisitationStep.StatusMeeting,
        RevisitationStep.HandleplanAnswer,
        RevisitationStep.ParentConversation,
        RevisitationStep.RevisitationMeeting,
        RevisitationStep.Decision,
    ];

    /// <summary>The offer leader drives the case; the district school leader answers; the parents and the district school leader may ask for a meeting.</summary>
    protected static IReadOnlyDictionary<RevisitationTrigger, Role[]> Version1Permissions { get; } = new Dictionary<RevisitationTrigger, Role[]>
    {
        [RevisitationTrigger.RecordPupilConversation] = [Role.OfferLeader],
        [RevisitationTrigger.RecordStatusMeeting] = [Role.OfferLeader],
        [RevisitationTrigger.SendHandleplan] = [Role.OfferLeader],
        [RevisitationTrigger.AnswerHandleplan] = [Role.DistrictSchoolLeader],
        [RevisitationTrigger.RequestRevisitationMeeting] = [Role.Guardian, Role.DistrictSchoolLeader],
        [RevisitationTrigger.RecordParentConversation] = [Role.OfferLeader],
        [RevisitationTrigger.RecordRevisitationMeeting] = [Role.OfferLeader],
        [RevisitationTrigger.DecideContinuation] = [Role.OfferLeader],
        [RevisitationTrigger.DecideChange] = [Role.OfferLeader],
        [RevisitationTrigger.DecideEnd] = [Role.OfferLeader],
        [RevisitationTrigger.Cancel] = [Role.OfferLeader],
    };

    protected override IReadOnlyDictionary<RevisitationTrigger, Role[]> Permissions => Version1Permissions;

    protected override void Configure(StateMachine<RevisitationState, RevisitationTrigger> machine, RevisitationCase revisitation)
    {
        bool MeetingNotNeeded() => !revisitation.RevisitationMeetingRequired;

        Open(machine, RevisitationState.Started)
            .PermitIf(RevisitationTrigger.RecordPupilConversation, RevisitationState.PupilConversationHeld,
                NotYetDone(revisitation, RevisitationStep.PupilConversation), Once(RevisitationStep.PupilConversation));

        ConfigureBeforeStatusMeeting(machine, revisitation);

        Open(machine, RevisitationState.StatusMeetingHeld)
            .Permit(RevisitationTrigger.SendHandleplan, RevisitationState.HandleplanSent);

        Open(machine, RevisitationState.HandleplanSent)
            .PermitIf(RevisitationTrigger.AnswerHandleplan, RevisitationState.HandleplanAnswered,
                NotYetDone(revisitation, RevisitationStep.HandleplanAnswer), Once(RevisitationStep.HandleplanAnswer));

        Open(machine, RevisitationState.HandleplanAnswered)
            .PermitIf(RevisitationTrigger.RecordParentConversation, RevisitationState.ParentConversationHeld,
                NotYetDone(revisitation, RevisitationStep.ParentConversation), Once(RevisitationStep.ParentConversation));

        Open(machine, RevisitationState.ParentConversationHeld)
            .PermitIf(RevisitationTrigger.DecideContinuation, RevisitationState.Decided, MeetingNotNeeded, MeetingFirst)
            .PermitIf(RevisitationTrigger.RecordRevisitationMeeting, RevisitationState.RevisitationMeetingHeld,
                NotYetDone(revisitation, RevisitationStep.RevisitationMeeting), Once(RevisitationStep.RevisitationMeeting));

        machine.Configure(RevisitationState.RevisitationMeetingHeld)
            .Permit(RevisitationTrigger.DecideContinuation, RevisitationState.Decided)
            .Permit(RevisitationTrigger.DecideChange, RevisitationState.Decided)
            .Permit(RevisitationTrigger.DecideEnd, RevisitationState.Decided)
            .Permit(RevisitationTrigger.Cancel, RevisitationState.Cancelled);

        machine.Configure(RevisitationState.Decided);
        machine.Configure(RevisitationState.Cancelled);
    }

    /// <summary>What lies between the pupil conversation and the status meeting; version 1 goes straight on.</summary>
    protected virtual void ConfigureBeforeStatusMeeting(StateMachine<RevisitationState, RevisitationTrigger> machine, RevisitationCase revisitation)
    {
        Open(machine, RevisitationState.PupilConversationHeld)
            .PermitIf(RevisitationTrigger.RecordStatusMeeting, RevisitationState.StatusMeetingHeld,
                NotYetDone(revisitation, RevisitationStep.StatusMeeting), Once(RevisitationStep.StatusMeeting));
    }
}
