using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Children;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Features.Ppv;

/// <summary>
/// A PPV case and everything it owns. The parts (requests, consents, assignments, notes, drafts, hearings,
/// comments, final versions, history) are owned collections: they are only ever changed through the case,
/// and the case's <see cref="PpvCase.Revision"/> guards them all. Enums are stored as text so the tables
/// stay readable for the people who audit them.
/// </summary>
internal sealed class PpvCaseConfiguration : IEntityTypeConfiguration<PpvCase>
{
    public void Configure(EntityTypeBuilder<PpvCase> b)
    {
        b.ToTable("PpvCases");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.WorkflowKey).HaveText(60);
        b.Property(x => x.RuleSetVersion).HaveText(40);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.AssignedPsychologistName).HasMaxLength(200);
        b.Property(x => x.WithdrawalReason).HasMaxLength(2000);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.PrimitiveCollection(x => x.GuardianIds).HasField("_guardianIds");
        // One PPV case per child: a later need is an update of the same case. Only a case withdrawn before
        // it had a final version leaves room for a new request.
        b.HasIndex(x => x.ChildId).IsUnique().HasFilter("\"State\" <> 'Withdrawn'").HasDatabaseName("IX_PpvCases_ChildId_Active");
        b.HasIndex(x => new { x.DistrictSchoolId, x.State });
        b.HasIndex(x => new { x.AssignedPsychologistId, x.State });
        b.HasOne<Child>().WithMany().HasForeignKey(x => x.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<School>().WithMany().HasForeignKey(x => x.DistrictSchoolId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(x => x.DeadlineChanges);
        b.Ignore(x => x.CurrentRequest);
        b.Ignore(x => x.FirstRequest);
        b.Ignore(x => x.IsInProgress);
        b.Ignore(x => x.LatestFinal);
        b.Ignore(x => x.CurrentDraft);
        b.Ignore(x => x.CurrentHearing);

        b.OwnsMany(x => x.Requests, d =>
        {
            d.ToTable("PpvRequests");
            d.WithOwner().HasForeignKey("PpvCaseId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.Reason).HaveText(4000);
            d.Property(x => x.RequestedByName).HaveText(200);
            d.Property(x => x.RuleSetVersion).HaveText(40);
            d.Property(x => x.Priority).HasConversion<string>().HasMaxLength(20);
            d.Property(x => x.WithdrawalReason).HasMaxLength(2000);
            d.Ignore(x => x.IsUpdate);
        });
        b.OwnsMany(x => x.Consents, d =>
        {
            d.ToTable("PpvConsents");
            d.WithOwner().HasForeignKey("PpvCaseId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            // A [Flags] enum as text reads "Assessment, SharingWithSchool" and parses back the same.
            d.Property(x => x.Scopes).HasConversion<string>().HasMaxLength(100);
            d.Property(x => x.RecordedByName).HaveText(200);
        });
        b.OwnsMany(x => x.Assignments, d =>
        {
            d.ToTable("PpvAssignments");
            d.WithOwner().HasForeignKey("PpvCaseId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.PsychologistName).HaveText(200);
            d.Property(x => x.AssignedByName).HaveText(200);
            d.Property(x => x.OverCapacityReason).HasMaxLength(2000);
            d.Ignore(x => x.IsOverCapacity);
        });
        b.OwnsMany(x => x.Notes, d =>
        {
            d.ToTable("PpvNotes");
            d.WithOwner().HasForeignKey("PpvCaseId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
            d.Property(x => x.Text).HaveText(8000);
            d.Property(x => x.AuthorName).HaveText(200);
        });
        b.OwnsMany(x => x.Drafts, d =>
        {
            d.ToTable("PpvDrafts");
            d.WithOwner().HasForeignKey("PpvCaseId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.Text).HaveText(20000);
            d.Property(x => x.Recommendations).HaveText(8000);
            d.Property(x => x.AuthorName).HaveText(200);
        });
        b.OwnsMany(x => x.Hearings, d =>
        {
            d.ToTable("PpvHearings");
            d.WithOwner().HasForeignKey("PpvCaseId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.Closure).HasConversion<string>().HasMaxLength(40);
            d.Ignore(x => x.IsClosed);
        });
        b.OwnsMany(x => x.HearingComments, d =>
        {
            d.ToTable("PpvHearingComments");
            d.WithOwner().HasForeignKey("PpvCaseId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.Text).HaveText(8000);
            d.Property(x => x.RecordedByName).HaveText(200);
            d.Ignore(x => x.RecordedOnBehalf);
        });
        b.OwnsMany(x => x.Versions, d =>
        {
            d.ToTable("PpvVersions");
            d.WithOwner().HasForeignKey(x => x.PpvCaseId);
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.Text).HaveText(20000);
            d.Property(x => x.Recommendations).HaveText(8000);
            d.Property(x => x.ResponseToComments).HasMaxLength(8000);
            d.Property(x => x.FinalisedByName).HaveText(200);
            d.Property(x => x.RuleSetVersion).HaveText(40);
            d.Property(x => x.ContentHash).HaveText(64);
            d.Property(x => x.PreviousContentHash).HasMaxLength(64);
            d.HasIndex(x => new { x.PpvCaseId, x.Number }).IsUnique();
            d.Ignore(x => x.Reference);
            d.Ignore(x => x.IsIntact);
        });
        b.OwnsMany(x => x.History, d =>
        {
            d.ToTable("PpvHistory");
            d.WithOwner().HasForeignKey("PpvCaseId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.Trigger).HasConversion<string>().HasMaxLength(40);
            d.Property(x => x.From).HasConversion<string>().HasMaxLength(40);
            d.Property(x => x.To).HasConversion<string>().HasMaxLength(40);
            d.Property(x => x.ActorName).HaveText(200);
            d.Property(x => x.ActorRole).HaveText(40);
            d.Property(x => x.Detail).HaveText(4000);
        });
    }
}
