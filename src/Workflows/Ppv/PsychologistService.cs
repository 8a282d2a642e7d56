using Visitation.Workflows.Access;

namespace Visitation.Workflows.Ppv;

/// <summary>
/// The psychologist service (PPR; TCBU in the seed municipality) and its leader. The leader is a
/// <see cref="Role.Psychologist"/> whose scope is the service as a whole, carried in
/// <see cref="Actor.OfferId"/> as <see cref="LeaderScopeId"/>: a psychologist never has an offer, so no
/// ordinary psychologist matches it, and a notification addressed to that scope reaches the leader only.
/// This keeps the role list unchanged (a new role would need a name, permissions and an actor everywhere).
/// </summary>
public static class PsychologistService
{
    /// <summary>The scope of the service's leader, in <see cref="Actor.OfferId"/> and <c>Notification.RecipientOfferId</c>.</summary>
    public static readonly Guid LeaderScopeId = new("7c3f0e2a-9d1b-4c55-8f0e-5f1a0ce0b001");

    /// <summary>The service's leader; <paramref name="schoolIds"/> are schools the leader also serves as a psychologist, if any.</summary>
    public static Actor Leader(Guid userId, string name, params Guid[] schoolIds) =>
        new(userId, name, Role.Psychologist, schoolIds.ToHashSet(), LeaderScopeId, new HashSet<Guid>());

    public static bool IsLeader(Actor actor) => actor.Role == Role.Psychologist && actor.OfferId == LeaderScopeId;
}
