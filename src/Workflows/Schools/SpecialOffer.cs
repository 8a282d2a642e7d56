using Visitation.Workflows.Common;

namespace Visitation.Workflows.Schools;

public enum OfferCategory
{
    /// <summary>Specialtilbud 1: autism spectrum, attention, general learning difficulties.</summary>
    Specialtilbud1,
    /// <summary>Specialtilbud 2: normal cognition; behaviour, contact, well-being.</summary>
    Specialtilbud2,
    /// <summary>Vidtgående specialtilbud: the few children with the greatest needs.</summary>
    Vidtgaaende,
    /// <summary>Kursustilbud: time-limited courses, e.g. speech and language.</summary>
    Kursustilbud,
}

public static class OfferCategoryNames
{
    public static string Danish(this OfferCategory category) => category switch
    {
        OfferCategory.Specialtilbud1 => "Specialtilbud 1",
        OfferCategory.Specialtilbud2 => "Specialtilbud 2",
        OfferCategory.Vidtgaaende => "Vidtgående specialtilbud",
        OfferCategory.Kursustilbud => "Kursustilbud",
        _ => category.ToString(),
    };
}

/// <summary>A special offer (specialtilbud): a special class or school at a host school, with seats.</summary>
public sealed class SpecialOffer
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public OfferCategory Category { get; private set; }
    public Guid HostSchoolId { get; private set; }
    public int Seats { get; private set; }
    public bool IsActive { get; private set; }
    /// <summary>Optimistic concurrency: two administrators editing seats must not silently overwrite each other.</summary>
    public int Revision { get; private set; }

    private SpecialOffer() { }

    public SpecialOffer(Guid id, string name, OfferCategory category, Guid hostSchoolId, int seats)
    {
        Id = id;
        Name = Guard.Text(name, "name", "Tilbuddets navn");
        Category = category;
        HostSchoolId = hostSchoolId;
        Seats = Guard.Positive(seats, "seats", "Antal pladser");
        IsActive = true;
    }

    public void Change(string name, int seats, bool isActive)
    {
        Name = Guard.Text(name, "name", "Tilbuddets navn");
        Seats = Guard.Positive(seats, "seats", "Antal pladser");
        IsActive = isActive;
        Revision++;
    }
}
