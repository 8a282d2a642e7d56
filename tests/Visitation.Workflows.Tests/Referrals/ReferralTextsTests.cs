using Visitation.Workflows.Referrals;

namespace Visitation.Workflows.Tests.Referrals;

/// <summary>Every value shown to a person has Danish text; a new enum value without one fails here.</summary>
public class ReferralTextsTests
{
    [Test]
    public void Every_part_has_a_Danish_name()
    {
        foreach (var part in Enum.GetValues<ReferralPartType>())
            part.Danish().ShouldNotBe(part.ToString());
    }

    [Test]
    public void Every_state_has_a_Danish_name()
    {
        foreach (var state in Enum.GetValues<ReferralState>())
            state.Danish().ShouldNotBe(state.ToString());
    }

    [Test]
    public void Every_trigger_has_a_Danish_name()
    {
        foreach (var trigger in Enum.GetValues<ReferralTrigger>())
            trigger.Danish().ShouldNotBe(trigger.ToString());
    }

    [Test]
    public void Every_track_has_a_Danish_name()
    {
        foreach (var track in Enum.GetValues<Track>())
            track.Danish().ShouldStartWith($"spor {(int)track}: ");
    }

    [Test]
    public void A_referral_has_exactly_the_six_parts_of_the_municipal_strategy()
    {
        Enum.GetValues<ReferralPartType>().ShouldBe([
            ReferralPartType.SignedReferralForm, ReferralPartType.PPV, ReferralPartType.ActionPlan,
            ReferralPartType.PupilPlan, ReferralPartType.ParentStatement, ReferralPartType.ChildPerspective,
        ], ignoreOrder: true);
    }
}
