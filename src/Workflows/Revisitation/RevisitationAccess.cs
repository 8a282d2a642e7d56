using Visitation.Workflows.Access;

namespace Visitation.Workflows.Revisitation;

/// <summary>
/// Who may read a revisitation case: the committee, the offer leader of the child's offer (who drives
/// it), the district school leader and the psychologist of the child's district school (who take part),
/// and the guardians (who are parties). The administrator keeps the system, not cases: a migration
/// changes a case's version and state, never reads its content.
/// </summary>
public static class RevisitationAccess
{
    public static bool CanRead(Actor actor, RevisitationCase revisitation) => actor.Role switch
    {
        Role.CommitteeMember => true,
        Role.OfferLeader => actor.OfferId == revisitation.OfferId,
        Role.DistrictSchoolLeader or Role.Psychologist => actor.SchoolIds.Contains(revisitation.DistrictSchoolId),
        Role.Guardian => actor.ChildIds.Contains(revisitation.ChildId),
        _ => false,
    };

    /// <summary>Only the offer's leader plans its revisitations and sees its plan.</summary>
    public static bool CanReadPlan(Actor actor, RevisitationPlan plan) =>
        actor.Role == Role.OfferLeader && actor.OfferId == plan.OfferId;
}
