using Stateless;
using Visitation.Workflows.Access;

namespace Visitation.Workflows.Revisitation;

/// <summary>
/// Revisitation workflow, version 2: as version 1, with the child's own statement taken down between
/// the pupil conversation and the status meeting, so the status meeting hears the child in its own words.
/// Registered as a draft until the municipality publishes it; running version-1 cases stay on version 1
/// unless an administrator migrates them (<see cref="RevisitationMigration"/>).
/// </summary>
public class RevisitationWorkflowV2(bool isPublished = false) : RevisitationWorkflowV1
{
    public override int Version => 2;

    public override bool IsPublished => isPublished;

    public override string Title => "Årlig revisitation af specialtilbud, med barnets egen udtalelse";

    public override IReadOnlyList<RevisitationStep> Steps { get; } =
    [
        RevisitationStep.PupilConversation,
        RevisitationStep.ChildStatement,
        RevisitationStep.StatusMeeting,
        RevisitationStep.HandleplanAnswer,
        RevisitationStep.ParentConversation,
        RevisitationStep.RevisitationMeeting,
        RevisitationStep.Decision,
    ];

    protected override IReadOnlyDictionary<RevisitationTrigger, Role[]> Permissions { get; } =
        new Dictionary<RevisitationTrigger, Role[]>(Version1Permissions)
        {
            [RevisitationTrigger.RecordChildStatement] = [Role.OfferLeader],
        };

    protected override void ConfigureBeforeStatusMeeting(StateMachine<RevisitationState, RevisitationTrigger> machine, RevisitationCase revisitation)
    {
        Open(machine, RevisitationState.PupilConversationHeld)
            .PermitIf(RevisitationTrigger.RecordChildStatement, RevisitationState.ChildStatementRecorded,
                NotYetDone(revisitation, RevisitationStep.ChildStatement), Once(RevisitationStep.ChildStatement));

        Open(machine, RevisitationState.ChildStatementRecorded)
            .PermitIf(RevisitationTrigger.RecordStatusMeeting, RevisitationState.StatusMeetingHeld,
                NotYetDone(revisitation, RevisitationStep.StatusMeeting), Once(RevisitationStep.StatusMeeting));
    }
}
