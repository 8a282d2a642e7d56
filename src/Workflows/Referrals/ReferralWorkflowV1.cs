using Stateless;
using Visitation.Workflows.Access;

namespace Visitation.Workflows.Referrals;

/// <summary>
/// Referral workflow, version 1: draft → submitted (incomplete, returned to the school | complete) →
/// assigned to a round → triaged → on the agenda → decided (placement | return) or postponed to a later round.
/// </summary>
public class ReferralWorkflowV1 : ReferralWorkflow
{
    public override int Version => 1;

    protected override IReadOnlyDictionary<ReferralTrigger, Role[]> Permissions { get; } = new Dictionary<ReferralTrigger, Role[]>
    {
        [ReferralTrigger.AttachDocument] = [Role.DistrictSchoolLeader, Role.Guardian],
        [ReferralTrigger.Submit] = [Role.DistrictSchoolLeader],
        [ReferralTrigger.Withdraw] = [Role.DistrictSchoolLeader],
        [ReferralTrigger.AssignToRound] = [Role.CommitteeMember],
        [ReferralTrigger.Triage] = [Role.CommitteeMember],
        [ReferralTrigger.PutOnAgenda] = [Role.CommitteeMember],
        [ReferralTrigger.RecordHearing] = [Role.CommitteeMember],
        [ReferralTrigger.DecidePlacement] = [Role.CommitteeMember],
        [ReferralTrigger.DecideReturnToGeneral] = [Role.CommitteeMember],
        [ReferralTrigger.Postpone] = [Role.CommitteeMember],
    };

    /// <summary>
    /// A decision rests on a PPV and on the parents having been heard: their written statement or a
    /// recorded partshøring (forvaltningsloven § 19).
    /// </summary>
    protected virtual bool HasBasisForDecision(Referral referral) =>
        referral.HasPart(ReferralPartType.PPV)
        && (referral.HasPart(ReferralPartType.ParentStatement) || referral.Hearings.Count > 0);

    protected virtual string DecisionBasisRequirement => "Der skal være en PPV og enten forældreudtalelse eller registreret partshøring.";

    protected override void Configure(StateMachine<ReferralState, ReferralTrigger> machine, Referral referral)
    {
        var required = Enum.GetValues<ReferralPartType>();
        bool IsComplete() => referral.MissingParts(required).Count == 0;
        bool HasDecisionBasis() => HasBasisForDecision(referral);
        var decisionBasis = DecisionBasisRequirement;

        machine.Configure(ReferralState.Draft)
            .InternalTransition(ReferralTrigger.AttachDocument, () => { })
            .PermitIf(ReferralTrigger.Submit, ReferralState.Complete, IsComplete, "alle seks dele er vedhæftet")
            .PermitIf(ReferralTrigger.Submit, ReferralState.Incomplete, () => !IsComplete(), "der mangler dele")
            .Permit(ReferralTrigger.Withdraw, ReferralState.Withdrawn);

        machine.Configure(ReferralState.Incomplete)
            .InternalTransition(ReferralTrigger.AttachDocument, () => { })
            .PermitIf(ReferralTrigger.Submit, ReferralState.Complete, IsComplete, "alle seks dele er vedhæftet")
            .PermitReentryIf(ReferralTrigger.Submit, () => !IsComplete(), "der mangler stadig dele")
            .Permit(ReferralTrigger.Withdraw, ReferralState.Withdrawn);

        machine.Configure(ReferralState.Complete)
            .Permit(ReferralTrigger.AssignToRound, ReferralState.AssignedToRound)
            .Permit(ReferralTrigger.Withdraw, ReferralState.Withdrawn);

        machine.Configure(ReferralState.AssignedToRound)
            .Permit(ReferralTrigger.Triage, ReferralState.Triaged)
            .InternalTransition(ReferralTrigger.RecordHearing, () => { })
            .Permit(ReferralTrigger.Withdraw, ReferralState.Withdrawn);

        machine.Configure(ReferralState.Triaged)
            .Permit(ReferralTrigger.PutOnAgenda, ReferralState.OnAgenda)
            .InternalTransition(ReferralTrigger.RecordHearing, () => { });

        machine.Configure(ReferralState.OnAgenda)
            .InternalTransition(ReferralTrigger.RecordHearing, () => { })
            .PermitIf(ReferralTrigger.DecidePlacement, ReferralState.Decided, HasDecisionBasis, decisionBasis)
            .PermitIf(ReferralTrigger.DecideReturnToGeneral, ReferralState.Decided, HasDecisionBasis, decisionBasis)
            .Permit(ReferralTrigger.Postpone, ReferralState.AssignedToRound);
    }
}
