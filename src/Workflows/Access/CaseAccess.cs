using Visitation.Workflows.Children;
using Visitation.Workflows.Referrals;

namespace Visitation.Workflows.Access;

/// <summary>
/// Who may read a child's case. Personal data about a child is shared on a need-to-know basis: the
/// committee decides, the district school refers, the psychologist serves the school, the offer
/// leader teaches the child, the guardians are parties. The administrator keeps the system, not cases.
/// </summary>
public static class CaseAccess
{
    public static bool CanReadChild(Actor actor, Child child) => actor.Role switch
    {
        Role.CommitteeMember => true,
        Role.DistrictSchoolLeader => actor.SchoolIds.Contains(child.DistrictSchoolId),
        Role.Psychologist => actor.SchoolIds.Contains(child.DistrictSchoolId),
        Role.OfferLeader => child.CurrentOfferId is not null && child.CurrentOfferId == actor.OfferId,
        Role.Guardian => actor.ChildIds.Contains(child.Id),
        _ => false,
    };

    public static bool CanReadReferral(Actor actor, Referral referral) => actor.Role switch
    {
        Role.CommitteeMember => true,
        Role.DistrictSchoolLeader => actor.SchoolIds.Contains(referral.DistrictSchoolId),
        Role.Psychologist => actor.SchoolIds.Contains(referral.DistrictSchoolId),
        Role.OfferLeader => referral.LatestDecision is { Outcome: DecisionOutcome.Placement } decision && decision.OfferId == actor.OfferId,
        Role.Guardian => actor.ChildIds.Contains(referral.ChildId),
        _ => false,
    };

    /// <summary>
    /// The log of who looked at a child's data belongs to the data subject (GDPR art. 15); the
    /// administrator exports it on request.
    /// </summary>
    public static bool CanReadAccessLog(Actor actor, Guid childId) => actor.Role switch
    {
        Role.Guardian => actor.ChildIds.Contains(childId),
        Role.Administrator => true,
        _ => false,
    };
}
