using Stateless;
using Visitation.Workflows.Access;

namespace Visitation.Workflows.Ppv;

/// <summary>
/// PPV workflow, version 1: requested → (every guardian consents) → prioritised at the coordination
/// meeting → assigned → assessment notes → draft → hearing with the parents → final version. A final PPV
/// can be updated: the update runs the same path from prioritisation and ends in the next version.
/// </summary>
public class PpvWorkflowV1 : PpvWorkflow
{
    public const string ConsentRequired = "Forældrene skal have givet samtykke til vurderingen.";
    public const string HearingMustBeOpen = "Høringen skal være åben: svarfristen er ikke udløbet, og ikke alle forældre har svaret.";
    public const string HearingMustBeOver = "Høringen skal være afsluttet: alle forældre har svaret, eller svarfristen er udløbet.";

    public override int Version => 1;

    protected override IReadOnlyDictionary<PpvTrigger, Role[]> Permissions { get; } = new Dictionary<PpvTrigger, Role[]>
    {
        [PpvTrigger.RecordConsent] = [Role.Guardian, Role.DistrictSchoolLeader],
        // The school leader convenes the coordination meeting; the school's psychologist takes part.
        [PpvTrigger.Prioritise] = [Role.DistrictSchoolLeader, Role.Psychologist],
        [PpvTrigger.Assign] = [Role.Psychologist],
        [PpvTrigger.Reassign] = [Role.Psychologist],
        [PpvTrigger.RecordNote] = [Role.Psychologist],
        [PpvTrigger.WriteDraft] = [Role.Psychologist],
        [PpvTrigger.SendToHearing] = [Role.Psychologist],
        [PpvTrigger.CommentOnHearing] = [Role.Guardian, Role.Psychologist],
        [PpvTrigger.ReopenDraft] = [Role.Psychologist],
        [PpvTrigger.Finalise] = [Role.Psychologist],
        [PpvTrigger.RequestUpdate] = [Role.DistrictSchoolLeader, Role.Guardian, Role.Psychologist],
        [PpvTrigger.Withdraw] = [Role.DistrictSchoolLeader, Role.Guardian, Role.Psychologist],
    };

    protected override void Configure(StateMachine<PpvState, PpvTrigger> machine, PpvCase ppv, DateTimeOffset now)
    {
        bool Consented() => ppv.HasConsent(ConsentScopes.Assessment);
        bool HasFinal() => ppv.Versions.Count > 0;
        bool HearingOpen() => ppv.IsHearingOpen(now);

        void Withdrawable(StateMachine<PpvState, PpvTrigger>.StateConfiguration state) => state
            .PermitIf(PpvTrigger.Withdraw, PpvState.Withdrawn, () => !HasFinal(), "sagen har endnu ingen endelig PPV")
            .PermitIf(PpvTrigger.Withdraw, PpvState.Final, HasFinal, "en opdatering trækkes tilbage; den seneste endelige PPV gælder fortsat");

        machine.Configure(PpvState.Requested)
            .PermitIf(PpvTrigger.RecordConsent, PpvState.AwaitingPrioritisation, Consented, "alle forældre har givet samtykke til vurderingen")
            .InternalTransitionIf(PpvTrigger.RecordConsent, _ => !Consented(), () => { }, "der mangler samtykke til vurderingen fra en forælder")
            .Permit(PpvTrigger.Withdraw, PpvState.Withdrawn);

        Withdrawable(machine.Configure(PpvState.AwaitingPrioritisation)
            .InternalTransition(PpvTrigger.RecordConsent, () => { })
            .Permit(PpvTrigger.Prioritise, PpvState.AwaitingAssignment));

        Withdrawable(machine.Configure(PpvState.AwaitingAssignment)
            .InternalTransition(PpvTrigger.RecordConsent, () => { })
            .InternalTransition(PpvTrigger.Prioritise, () => { })
            .PermitIf(PpvTrigger.Assign, PpvState.Assigned, Consented, ConsentRequired));

        Withdrawable(machine.Configure(PpvState.Assigned)
            .InternalTransition(PpvTrigger.RecordConsent, () => { })
            .InternalTransition(PpvTrigger.Reassign, () => { })
            .PermitIf(PpvTrigger.RecordNote, PpvState.InAssessment, Consented, ConsentRequired));

        Withdrawable(machine.Configure(PpvState.InAssessment)
            .InternalTransition(PpvTrigger.RecordConsent, () => { })
            .InternalTransition(PpvTrigger.Reassign, () => { })
            .InternalTransition(PpvTrigger.RecordNote, () => { })
            .Permit(PpvTrigger.WriteDraft, PpvState.Drafted));

        Withdrawable(machine.Configure(PpvState.Drafted)
            .InternalTransition(PpvTrigger.RecordConsent, () => { })
            .InternalTransition(PpvTrigger.Reassign, () => { })
            .InternalTransition(PpvTrigger.RecordNote, () => { })
            .InternalTransition(PpvTrigger.WriteDraft, () => { })
            .Permit(PpvTrigger.SendToHearing, PpvState.InHearing));

        Withdrawable(machine.Configure(PpvState.InHearing)
            .InternalTransition(PpvTrigger.RecordConsent, () => { })
            .InternalTransition(PpvTrigger.Reassign, () => { })
            .InternalTransitionIf(PpvTrigger.CommentOnHearing, _ => HearingOpen(), () => { }, HearingMustBeOpen)
            .Permit(PpvTrigger.ReopenDraft, PpvState.Drafted)
            .PermitIf(PpvTrigger.Finalise, PpvState.Final, () => !HearingOpen(), HearingMustBeOver));

        machine.Configure(PpvState.Final)
            .InternalTransition(PpvTrigger.RecordConsent, () => { })
            .Permit(PpvTrigger.RequestUpdate, PpvState.AwaitingPrioritisation);
    }
}
