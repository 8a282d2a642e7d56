using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Common;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Features.Figures;

/// <summary>
/// Pupils enrolled at a district school in a school year, as the administration reports them (the national
/// school census): the denominator of the share of pupils in segregated offers. One row per school and year.
/// </summary>
public sealed class SchoolEnrolment
{
    public Guid Id { get; private set; }
    public Guid SchoolId { get; private set; }
    public int SchoolYearStartYear { get; private set; }
    public int Pupils { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    private SchoolEnrolment() { }

    public SchoolEnrolment(Guid id, Guid schoolId, int schoolYearStartYear, int pupils, DateTimeOffset at)
    {
        Id = id;
        SchoolId = schoolId;
        SchoolYearStartYear = schoolYearStartYear;
        Record(pupils, at);
    }

    public void Record(int pupils, DateTimeOffset at)
    {
        if (pupils is < 0 or > 100_000)
            throw new InvalidInputException("pupils", "Elevtallet skal være mellem 0 og 100.000.");
        Pupils = pupils;
        RecordedAt = at.ToUniversalTime();
    }
}

internal sealed class SchoolEnrolmentConfiguration : IEntityTypeConfiguration<SchoolEnrolment>
{
    public void Configure(EntityTypeBuilder<SchoolEnrolment> b)
    {
        b.ToTable("SchoolEnrolments");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasIndex(x => new { x.SchoolId, x.SchoolYearStartYear }).IsUnique();
        b.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}
