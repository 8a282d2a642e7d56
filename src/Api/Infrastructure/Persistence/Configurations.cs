using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Messaging;
using Visitation.Workflows.Children;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Infrastructure.Persistence;

internal sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HaveText(200);
        b.Property(x => x.Address).HaveText(300);
        b.ComplexProperty(x => x.Location);
    }
}

internal sealed class SpecialOfferConfiguration : IEntityTypeConfiguration<SpecialOffer>
{
    public void Configure(EntityTypeBuilder<SpecialOffer> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HaveText(200);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasOne<School>().WithMany().HasForeignKey(x => x.HostSchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GuardianConfiguration : IEntityTypeConfiguration<Guardian>
{
    public void Configure(EntityTypeBuilder<Guardian> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HaveText(200);
        b.Property(x => x.Address).HaveText(300);
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.Cpr).HasConversion(c => c.Value, v => CprNumber.Parse(v, "cpr")).HasMaxLength(10);
    }
}

internal sealed class ChildConfiguration : IEntityTypeConfiguration<Child>
{
    public void Configure(EntityTypeBuilder<Child> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HaveText(200);
        b.Property(x => x.Cpr).HasConversion(c => c.Value, v => CprNumber.Parse(v, "cpr")).HasMaxLength(10);
        b.HasIndex(x => x.Cpr).IsUnique();
        b.HasIndex(x => x.DistrictSchoolId);
        b.HasIndex(x => x.CurrentOfferId);
        b.PrimitiveCollection(x => x.GuardianIds).HasField("_guardianIds");
        b.HasOne<School>().WithMany().HasForeignKey(x => x.DistrictSchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VisitationRoundConfiguration : IEntityTypeConfiguration<VisitationRound>
{
    public void Configure(EntityTypeBuilder<VisitationRound> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HaveText(200);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Ignore(x => x.DeadlineChanges);
        b.PrimitiveCollection(x => x.Categories).HasField("_categories").ElementType().HasConversion<string>();
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.WorkflowKey).HaveText(60);
        b.Property(x => x.RuleSetVersion).HaveText(40);
        b.Property(x => x.WithdrawalReason).HasMaxLength(2000);
        b.Property(x => x.Revision).IsConcurrencyToken();
        // At most one open referral per child, also under concurrent requests.
        b.HasIndex(x => x.ChildId).IsUnique().HasFilter("\"State\" NOT IN ('Decided', 'Withdrawn')").HasDatabaseName("IX_Referrals_ChildId_Open");
        b.HasIndex(x => new { x.DistrictSchoolId, x.State });
        b.HasIndex(x => new { x.RoundId, x.State });
        b.HasOne<Child>().WithMany().HasForeignKey(x => x.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<VisitationRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(x => x.DeadlineChanges);
        b.Ignore(x => x.CurrentDocuments);
        b.Ignore(x => x.LatestDecision);
        b.Ignore(x => x.IsOpen);

        b.OwnsMany(x => x.Documents, d =>
        {
            d.ToTable("ReferralDocuments");
            d.WithOwner().HasForeignKey("ReferralId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.FileName).HaveText(260);
            d.Property(x => x.ContentType).HaveText(120);
            d.Property(x => x.Sha256).HaveText(64);
            d.Property(x => x.UploadedByName).HaveText(200);
            d.Property(x => x.ExternalIssuer).HasMaxLength(200);
            d.Ignore(x => x.External);
        });
        b.OwnsMany(x => x.Decisions, d =>
        {
            d.ToTable("ReferralDecisions");
            d.WithOwner().HasForeignKey("ReferralId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.Reasons).HaveText(8000);
            d.Property(x => x.Recommendations).HasMaxLength(8000);
            d.Property(x => x.MissingForPostponement).HasMaxLength(4000);
            d.Property(x => x.RuleSetVersion).HaveText(40);
        });
        b.OwnsMany(x => x.Hearings, d =>
        {
            d.ToTable("ReferralHearings");
            d.WithOwner().HasForeignKey("ReferralId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.Subject).HaveText(4000);
            d.Property(x => x.ParentsReply).HasMaxLength(4000);
        });
        b.OwnsMany(x => x.History, d =>
        {
            d.ToTable("ReferralHistory");
            d.WithOwner().HasForeignKey("ReferralId");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.ActorName).HaveText(200);
            d.Property(x => x.ActorRole).HaveText(40);
            d.Property(x => x.Detail).HaveText(4000);
        });
    }
}

internal sealed class DeadlineConfiguration : IEntityTypeConfiguration<Deadline>
{
    public void Configure(EntityTypeBuilder<Deadline> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.JobId).HasMaxLength(100);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => new { x.SubjectId, x.Kind, x.Status });
        b.HasIndex(x => new { x.Status, x.DueAt });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Title).HaveText(300);
        b.Property(x => x.Body).HaveText(4000);
        b.HasIndex(x => new { x.RecipientRole, x.RecipientSchoolId, x.CreatedAt });
        b.HasIndex(x => x.DeadlineId);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.ToTable("Users");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Subject).HaveText(200);
        b.HasIndex(x => x.Subject).IsUnique();
        b.Property(x => x.DisplayName).HaveText(200);
        b.PrimitiveCollection(x => x.ServedSchoolIds).HasField("_servedSchoolIds");
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.UserName).HaveText(200);
        b.Property(x => x.Role).HaveText(40);
        b.Property(x => x.CaseType).HaveText(60);
        b.Property(x => x.What).HaveText(4000);
        b.HasIndex(x => new { x.ChildId, x.At });
    }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.FileName).HaveText(260);
        b.Property(x => x.ContentType).HaveText(120);
        b.Property(x => x.Sha256).HaveText(64);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Type).HaveText(300);
        b.HasIndex(x => new { x.PublishedAt, x.CreatedAt });
    }
}

internal sealed class WrittenDecisionConfiguration : IEntityTypeConfiguration<WrittenDecision>
{
    public void Configure(EntityTypeBuilder<WrittenDecision> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.CaseType).HaveText(40);
        b.Property(x => x.DecidedBy).HaveText(200);
        b.Property(x => x.DecisionText).HasMaxLength(8000).IsRequired();
        b.Property(x => x.RulesApplied).HasMaxLength(8000);
        b.Property(x => x.MainConsiderations).HasMaxLength(8000);
        b.Property(x => x.PostponementReason).HasMaxLength(4000);
        b.Property(x => x.PpvDescription).HasMaxLength(1000);
        b.Property(x => x.IssuedByName).HaveText(200);
        b.Property(x => x.RuleSetVersion).HaveText(40);
        b.PrimitiveCollection(x => x.FactsReliedOn).HasField("_factsReliedOn");
        b.PrimitiveCollection(x => x.Recommendations).HasField("_recommendations");
        b.PrimitiveCollection(x => x.AdditionalLegalBasis).HasField("_additionalLegalBasis");
        b.PrimitiveCollection(x => x.NextSteps).HasField("_nextSteps");
        b.PrimitiveCollection(x => x.PostponementMissing).HasField("_postponementMissing");
        // One original written decision per case decision, and at most one correction of each: two
        // concurrent requests cannot send the parents two letters that each start a complaint clock.
        b.HasIndex(x => x.SourceDecisionId).IsUnique().HasFilter("\"ReplacesDecisionId\" IS NULL").HasDatabaseName("IX_WrittenDecisions_Source_Original");
        b.HasIndex(x => x.ReplacesDecisionId).IsUnique().HasFilter("\"ReplacesDecisionId\" IS NOT NULL");
        b.HasIndex(x => new { x.ChildId, x.IssuedAt });
    }
}

internal sealed class LetterConfiguration : IEntityTypeConfiguration<Letter>
{
    public void Configure(EntityTypeBuilder<Letter> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.RecipientName).HaveText(200);
        b.Property(x => x.Subject).HaveText(300);
        b.Property(x => x.Sha256).HaveText(64);
        b.Property(x => x.TemplateVersion).HaveText(40);
        b.Property(x => x.RuleSetVersion).HaveText(40);
        b.Property(x => x.Channel).HasMaxLength(60);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Ignore(x => x.DeadlineChanges);
        // One letter per decision and guardian: a redelivered DecisionIssued cannot create a second.
        b.HasIndex(x => new { x.WrittenDecisionId, x.GuardianId }).IsUnique();
        b.HasIndex(x => new { x.ChildId, x.CreatedAt });
        b.HasOne<WrittenDecision>().WithMany().HasForeignKey(x => x.WrittenDecisionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Text).HaveText(20000);
        b.Property(x => x.ReassessmentNote).HasMaxLength(20000);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Ignore(x => x.DeadlineChanges);
        b.HasIndex(x => x.LetterId);
        b.HasOne<Letter>().WithMany().HasForeignKey(x => x.LetterId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsMany(x => x.Attachments, a =>
        {
            a.ToTable("ComplaintAttachments");
            a.WithOwner().HasForeignKey("ComplaintId");
            a.HasKey(x => x.Id);
            a.Property(x => x.Id).ValueGeneratedNever();
            a.Property(x => x.FileName).HaveText(260);
            a.Property(x => x.ContentType).HaveText(120);
        });
    }
}

internal static class PropertyBuilderExtensions
{
    public static PropertyBuilder<string> HaveText(this PropertyBuilder<string> property, int maxLength) =>
        property.IsRequired().HasMaxLength(maxLength);
}
