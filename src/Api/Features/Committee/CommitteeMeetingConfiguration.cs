using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Rounds;

namespace Visitation.Api.Features.Committee;

/// <summary>The committee's meeting for a round: one per round, with its attendees and cases as owned rows.</summary>
internal sealed class CommitteeMeetingConfiguration : IEntityTypeConfiguration<CommitteeMeeting>
{
    public void Configure(EntityTypeBuilder<CommitteeMeeting> b)
    {
        b.ToTable("CommitteeMeetings");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.RoundName).HaveText(200);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Minutes).IsRequired().HasMaxLength(50_000);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Ignore(x => x.Undecided);
        // One meeting per round, also when two committee members open it at once.
        b.HasIndex(x => x.RoundId).IsUnique();
        b.HasOne<VisitationRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Restrict);

        b.OwnsMany(x => x.Attendees, a =>
        {
            a.ToTable("MeetingAttendees");
            a.WithOwner().HasForeignKey("MeetingId");
            // Attendance is replaced as a whole; a surrogate key lets the same person be removed and added in one save.
            a.Property<Guid>("Id");
            a.HasKey("Id");
            a.Property(x => x.Name).HaveText(200);
            a.Property(x => x.Function).HasMaxLength(100);
        });
        b.Navigation(x => x.Attendees).HasField("_attendees");

        b.OwnsMany(x => x.Cases, c =>
        {
            c.ToTable("MeetingCases");
            c.WithOwner().HasForeignKey("MeetingId");
            c.HasKey("MeetingId", nameof(MeetingCase.ReferralId));
            c.Property(x => x.HelpToBeGiven).HasMaxLength(8000);
            c.Property(x => x.CapacityOverrideReason).HasMaxLength(2000);
            c.HasIndex(x => x.ReferralId);
        });
        b.Navigation(x => x.Cases).HasField("_cases");
    }
}
