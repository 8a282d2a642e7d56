namespace Visitation.Workflows.Access;

/// <summary>
/// The person acting, with the scope their role is limited to. The edge builds it from the signed-in
/// user; the domain decides with it, so every rule about "who may" is testable without a web host.
/// </summary>
public sealed record Actor(
    Guid UserId,
    string DisplayName,
    Role Role,
    IReadOnlySet<Guid> SchoolIds,
    Guid? OfferId,
    IReadOnlySet<Guid> ChildIds)
{
    /// <summary>For a parent: their guardian record, so they see the letters addressed to them.</summary>
    public Guid? GuardianId { get; init; }

    public static Actor Committee(Guid userId, string name) => new(userId, name, Role.CommitteeMember, Empty, null, Empty);
    public static Actor SchoolLeader(Guid userId, string name, Guid schoolId) => new(userId, name, Role.DistrictSchoolLeader, new HashSet<Guid> { schoolId }, null, Empty);
    public static Actor OfferLeaderOf(Guid userId, string name, Guid offerId) => new(userId, name, Role.OfferLeader, Empty, offerId, Empty);
    public static Actor PsychologistFor(Guid userId, string name, params Guid[] schoolIds) => new(userId, name, Role.Psychologist, schoolIds.ToHashSet(), null, Empty);
    public static Actor GuardianOf(Guid userId, string name, params Guid[] childIds) => new(userId, name, Role.Guardian, Empty, null, childIds.ToHashSet());
    public static Actor Admin(Guid userId, string name) => new(userId, name, Role.Administrator, Empty, null, Empty);

    private static readonly IReadOnlySet<Guid> Empty = new HashSet<Guid>();
}
