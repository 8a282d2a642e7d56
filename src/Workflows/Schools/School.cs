using Visitation.Workflows.Common;

namespace Visitation.Workflows.Schools;

/// <summary>Where a school lies; used for the proximity principle (nærhedsprincippet).</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    /// <summary>Great-circle distance in kilometres.</summary>
    public double KilometresTo(GeoPoint other)
    {
        const double earthRadiusKm = 6371.0;
        static double Rad(double deg) => deg * Math.PI / 180.0;
        var dLat = Rad(other.Latitude - Latitude);
        var dLon = Rad(other.Longitude - Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) +
                Math.Cos(Rad(Latitude)) * Math.Cos(Rad(other.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * earthRadiusKm * Math.Asin(Math.Sqrt(a));
    }
}

/// <summary>
/// A school of the municipality. A district school (distriktsskole) serves the children living in its
/// district; a host school houses one or more special offers. One school can be both.
/// </summary>
public sealed class School
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Address { get; private set; } = "";
    public GeoPoint Location { get; private set; }
    public bool IsDistrictSchool { get; private set; }

    private School() { }

    public School(Guid id, string name, string address, GeoPoint location, bool isDistrictSchool)
    {
        Id = id;
        Name = Guard.Text(name, "name", "Skolens navn");
        Address = Guard.Text(address, "address", "Skolens adresse");
        Location = location;
        IsDistrictSchool = isDistrictSchool;
    }
}
