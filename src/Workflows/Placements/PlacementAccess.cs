using Visitation.Workflows.Access;

namespace Visitation.Workflows.Placements;

/// <summary>
/// Who may see and who may act on a placement: the offer leader teaches the child, the district school
/// leader keeps the child as theirs in any offer, the psychologist serves the district school, the
/// guardians are parties, the committee decided it. The administrator keeps the system, not cases.
/// </summary>
public static class PlacementAccess
{
    public static bool CanRead(Actor actor, Placement placement) => actor.Role switch
    {
        Role.CommitteeMember => true,
        Role.OfferLeader => actor.OfferId == placement.OfferId,
        Role.DistrictSchoolLeader or Role.Psychologist => actor.SchoolIds.Contains(placement.DistrictSchoolId),
        Role.Guardian => actor.ChildIds.Contains(placement.ChildId),
        _ => false,
    };

    /// <summary>Whether the actor's scope covers the placement for changing it (the role is checked by the operation).</summary>
    internal static bool Covers(Actor actor, Placement placement) => actor.Role switch
    {
        Role.CommitteeMember => true,
        Role.OfferLeader => actor.OfferId == placement.OfferId,
        Role.DistrictSchoolLeader => actor.SchoolIds.Contains(placement.DistrictSchoolId),
        _ => false,
    };
}
