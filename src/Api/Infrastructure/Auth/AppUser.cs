using Visitation.Workflows.Access;

namespace Visitation.Api.Infrastructure.Auth;

/// <summary>
/// A person who can sign in, and the scope of their role. <see cref="Subject"/> is the identity
/// provider's subject claim (OpenID Connect "sub"); in Development it is the demo user's id.
/// </summary>
public sealed class AppUser
{
    private readonly List<Guid> _servedSchoolIds = [];

    public Guid Id { get; private set; }
    public string Subject { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public Role Role { get; private set; }
    /// <summary>The district school a district school leader leads.</summary>
    public Guid? SchoolId { get; private set; }
    /// <summary>The special offer an offer leader leads.</summary>
    public Guid? OfferId { get; private set; }
    /// <summary>The guardian record of a parent.</summary>
    public Guid? GuardianId { get; private set; }
    /// <summary>The schools a psychologist serves.</summary>
    public IReadOnlyList<Guid> ServedSchoolIds => _servedSchoolIds;

    private AppUser() { }

    public AppUser(Guid id, string subject, string displayName, Role role, Guid? schoolId = null, Guid? offerId = null,
        Guid? guardianId = null, IEnumerable<Guid>? servedSchoolIds = null)
    {
        Id = id;
        Subject = subject;
        DisplayName = displayName;
        Role = role;
        SchoolId = schoolId;
        OfferId = offerId;
        GuardianId = guardianId;
        _servedSchoolIds.AddRange(servedSchoolIds ?? []);
    }
}
