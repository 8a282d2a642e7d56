namespace Visitation.Workflows.Access;

public enum Role
{
    /// <summary>Member of the visitation committee (visitationsudvalget).</summary>
    CommitteeMember,
    /// <summary>Leader of a district school (distriktsskoleleder); scoped to that school.</summary>
    DistrictSchoolLeader,
    /// <summary>Leader of a special offer (leder af specialtilbud); scoped to that offer.</summary>
    OfferLeader,
    /// <summary>Psychologist in the psychologist service (PPR/TCBU); scoped to the schools served.</summary>
    Psychologist,
    /// <summary>Parent with custody (forældremyndighedsindehaver); scoped to own children.</summary>
    Guardian,
    /// <summary>Keeps offers, rounds and rule sets; reads access logs but not case content.</summary>
    Administrator,
}

public static class RoleNames
{
    public static string Danish(this Role role) => role switch
    {
        Role.CommitteeMember => "medlem af visitationsudvalget",
        Role.DistrictSchoolLeader => "distriktsskoleleder",
        Role.OfferLeader => "leder af specialtilbud",
        Role.Psychologist => "psykolog",
        Role.Guardian => "forælder",
        Role.Administrator => "administrator",
        _ => role.ToString(),
    };
}
