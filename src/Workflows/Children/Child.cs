using Visitation.Workflows.Common;

namespace Visitation.Workflows.Children;

/// <summary>A parent with custody (forældremyndighedsindehaver). Every decision is sent to each of them.</summary>
public sealed class Guardian
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public CprNumber Cpr { get; private set; }
    public string Address { get; private set; } = "";
    public string? Email { get; private set; }

    private Guardian() { }

    public Guardian(Guid id, string name, CprNumber cpr, string address, string? email)
    {
        Id = id;
        Name = Guard.Text(name, "name", "Forælderens navn");
        Cpr = cpr;
        Address = Guard.Text(address, "address", "Forælderens adresse");
        Email = email;
    }
}

/// <summary>The child (barnet/eleven) a case is about.</summary>
public sealed class Child
{
    public const int MaxGuardians = 2;

    private readonly List<Guid> _guardianIds = [];

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public CprNumber Cpr { get; private set; }
    public Guid DistrictSchoolId { get; private set; }
    /// <summary>The special offer the child attends now, if placed.</summary>
    public Guid? CurrentOfferId { get; private set; }
    public IReadOnlyList<Guid> GuardianIds => _guardianIds;

    private Child() { }

    public Child(Guid id, string name, CprNumber cpr, Guid districtSchoolId, IEnumerable<Guid> guardianIds)
    {
        Id = id;
        Name = Guard.Text(name, "name", "Barnets navn");
        Cpr = cpr;
        DistrictSchoolId = districtSchoolId;
        var guardians = guardianIds.Distinct().ToList();
        if (guardians.Count is < 1 or > MaxGuardians)
            throw new InvalidInputException("guardianIds", "Et barn skal have én eller to forældremyndighedsindehavere.");
        _guardianIds.AddRange(guardians);
    }

    public void PlaceIn(Guid offerId) => CurrentOfferId = offerId;

    public void LeaveOffer() => CurrentOfferId = null;
}
