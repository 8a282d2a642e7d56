using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Visitation.Api.Infrastructure.Persistence;

namespace Visitation.Api.Features.Rounds;

/// <summary>
/// That a school year's round calendar has been generated, by whom and under which rule set. One row
/// per school year (unique index), so a second generation for the same year is refused also when two
/// administrators press the button at once.
/// </summary>
public sealed class RoundCalendarYear
{
    public Guid Id { get; private set; }
    /// <summary>The calendar year the school year starts in (2026 for 2026/27).</summary>
    public int SchoolYearStartYear { get; private set; }
    public string SchoolYearName { get; private set; } = "";
    public string RuleSetVersion { get; private set; } = "";
    public int RoundCount { get; private set; }
    public DateTimeOffset GeneratedAt { get; private set; }
    public Guid GeneratedByUserId { get; private set; }
    public string GeneratedByName { get; private set; } = "";

    private RoundCalendarYear() { }

    public RoundCalendarYear(Guid id, Visitation.Workflows.Common.SchoolYear year, string ruleSetVersion, int roundCount, DateTimeOffset at,
        Guid byUserId, string byName)
    {
        Id = id;
        SchoolYearStartYear = year.StartYear;
        SchoolYearName = year.Name;
        RuleSetVersion = ruleSetVersion;
        RoundCount = roundCount;
        GeneratedAt = at.ToUniversalTime();
        GeneratedByUserId = byUserId;
        GeneratedByName = byName;
    }
}

internal sealed class RoundCalendarYearConfiguration : IEntityTypeConfiguration<RoundCalendarYear>
{
    public void Configure(EntityTypeBuilder<RoundCalendarYear> b)
    {
        b.ToTable("RoundCalendarYears");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.SchoolYearName).HaveText(20);
        b.Property(x => x.RuleSetVersion).HaveText(40);
        b.Property(x => x.GeneratedByName).HaveText(200);
        b.HasIndex(x => x.SchoolYearStartYear).IsUnique();
    }
}
