using Stateless;
using Visitation.Workflows.Referrals;

namespace Visitation.Workflows.Tests.Referrals;

/// <summary>
/// A test-only "version 2" of the referral workflow: a referral counts as complete once the signed
/// referral form is attached; everything after submission is version 1's machine, unchanged. Version 1
/// cannot reach the agenda without all six parts, so this is how the tests show that v1's decision guard
/// (PPV, and a parent statement or a hearing) holds on its own, and that two versions run side by side.
/// </summary>
/// <remarks>
/// The machine is rebuilt for every operation from the referral's current state, so configuring only the
/// submission states while the referral is in them is enough. Its diagram shows only those states.
/// </remarks>
public sealed class LaxSubmissionReferralWorkflowV2 : ReferralWorkflowV1
{
    public override int Version => 2;

    public override string Title => "Henvisning (test: kun henvisningsskema kræves ved indsendelse)";

    protected override void Configure(StateMachine<ReferralState, ReferralTrigger> machine, Referral referral)
    {
        if (referral.State is not (ReferralState.Draft or ReferralState.Incomplete))
        {
            base.Configure(machine, referral);
            return;
        }

        bool IsComplete() => referral.HasPart(ReferralPartType.SignedReferralForm);

        machine.Configure(ReferralState.Draft)
            .InternalTransition(ReferralTrigger.AttachDocument, () => { })
            .PermitIf(ReferralTrigger.Submit, ReferralState.Complete, IsComplete, "henvisningsskemaet er vedhæftet")
            .PermitIf(ReferralTrigger.Submit, ReferralState.Incomplete, () => !IsComplete(), "henvisningsskemaet mangler")
            .Permit(ReferralTrigger.Withdraw, ReferralState.Withdrawn);

        machine.Configure(ReferralState.Incomplete)
            .InternalTransition(ReferralTrigger.AttachDocument, () => { })
            .PermitIf(ReferralTrigger.Submit, ReferralState.Complete, IsComplete, "henvisningsskemaet er vedhæftet")
            .PermitReentryIf(ReferralTrigger.Submit, () => !IsComplete(), "henvisningsskemaet mangler stadig")
            .Permit(ReferralTrigger.Withdraw, ReferralState.Withdrawn);
    }
}

/// <summary>A draft version under review: registered, but not published, so it must not start cases.</summary>
public sealed class UnpublishedReferralWorkflowV3 : ReferralWorkflowV1
{
    public override int Version => 3;

    public override bool IsPublished => false;

    public override string Title => "Henvisning (udkast)";
}
