using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Visitation.Api.Features.Placements;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Features.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate, not a sibling namespace.
using Visitation.Workflows.Placements;

/// <summary>
/// A revisitation case and everything it owns: meeting records with their participants, the steps done
/// (or waived by a migration), the handleplan notes, the decision and the history. The case's
/// <see cref="RevisitationCase.Revision"/> guards them all.
/// </summary>
internal sealed class RevisitationCaseConfiguration : IEntityTypeConfiguration<RevisitationCase>
{
    public void Configure(EntityTypeBuilder<RevisitationCase> b)
    {
        b.ToTable("RevisitationCases");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.WorkflowKey).HaveText(60);
        b.Property(x => x.RuleSetVersion).HaveText(40);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.HandleplanAnswer).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.ChildStatement).HasMaxLength(4000);
        b.Property(x => x.HandleplanAnswerComment).HasMaxLength(4000);
        b.Property(x => x.CancellationReason).HasMaxLength(2000);
        b.Property(x => x.Revision).IsConcurrencyToken();
        // At most one open revisitation per placement, also under concurrent requests.
        b.HasIndex(x => x.PlacementId).IsUnique().HasFilter("\"State\" NOT IN ('Decided', 'Cancelled')")
            .HasDatabaseName("IX_RevisitationCases_PlacementId_Open");
        b.HasIndex(x => new { x.OfferId, x.State });
        b.HasIndex(x => new { x.DistrictSchoolId, x.State });
        b.HasIndex(x => x.ChildId);
        b.HasOne<Placement>().WithMany().HasForeignKey(x => x.PlacementId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(x => x.DeadlineChanges);
        b.Ignore(x => x.IsOpen);
        b.Ignore(x => x.RevisitationMeetingRequired);
        b.Ignore(x => x.DecisionLetterDue);
        b.Ignore(x => x.FocusPoints);
        b.Ignore(x => x.Recommendations);
        b.Ignore(x => x.LastProgressAt);
        b.Ignore(x => x.ReferralRequest);

        b.OwnsMany(x => x.Meetings, m =>
        {
            m.ToTable("RevisitationMeetings");
            m.WithOwner().HasForeignKey("RevisitationCaseId");
            m.HasKey(x => x.Id);
            m.MeetingRecord();
            m.OwnsMany(x => x.Participants, p =>
            {
                p.ToTable("RevisitationMeetingParticipants");
                p.MeetingParticipant("MeetingId");
            });
        });
        b.OwnsMany(x => x.Steps, s =>
        {
            s.ToTable("RevisitationSteps");
            s.WithOwner().HasForeignKey("RevisitationCaseId");
            s.Property<int>("Id").ValueGeneratedOnAdd();
            s.HasKey("Id");
            s.Property(x => x.Step).HasConversion<string>().HasMaxLength(40);
            s.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        });
        b.OwnsMany(x => x.HandleplanNotes, n =>
        {
            n.ToTable("RevisitationHandleplanNotes");
            n.WithOwner().HasForeignKey("RevisitationCaseId");
            n.HasKey(x => x.Id);
            n.Property(x => x.Id).ValueGeneratedNever();
            n.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
            n.Property(x => x.Text).HaveText(1000);
        });
        b.OwnsMany(x => x.History, h =>
        {
            h.ToTable("RevisitationHistory");
            h.WithOwner().HasForeignKey("RevisitationCaseId");
            h.HasKey(x => x.Id);
            h.Property(x => x.Id).ValueGeneratedNever();
            h.Property(x => x.Trigger).HasConversion<string>().HasMaxLength(40);
            h.Property(x => x.From).HasConversion<string>().HasMaxLength(40);
            h.Property(x => x.To).HasConversion<string>().HasMaxLength(40);
            h.Property(x => x.ActorName).HaveText(200);
            h.Property(x => x.ActorRole).HaveText(40);
            h.Property(x => x.Detail).HaveText(4000);
        });
        b.OwnsOne(x => x.Decision, d =>
        {
            d.ToTable("RevisitationDecisions");
            d.WithOwner().HasForeignKey("RevisitationCaseId");
            d.Property(x => x.Id).ValueGeneratedNever();
            d.HasIndex(x => x.Id).IsUnique();
            d.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(40);
            d.Property(x => x.Reasons).HaveText(8000);
            d.Property(x => x.DecidedByName).HaveText(200);
            d.Property(x => x.RuleSetVersion).HaveText(40);
            d.Property(x => x.NewScope).HasMaxLength(1000);
            d.Property(x => x.PhaseOutKind).HasConversion<string>().HasMaxLength(20);
            d.Property(x => x.PhaseOutPlan).HasMaxLength(8000);
            d.Ignore(x => x.RequiresReferral);
        });
    }
}

/// <summary>One plan per offer and school year; its entries and their invitees are owned.</summary>
internal sealed class RevisitationPlanConfiguration : IEntityTypeConfiguration<RevisitationPlan>
{
    public void Configure(EntityTypeBuilder<RevisitationPlan> b)
    {
        b.ToTable("RevisitationPlans");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => new { x.OfferId, x.SchoolYearStart }).IsUnique();
        b.HasOne<SpecialOffer>().WithMany().HasForeignKey(x => x.OfferId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsMany(x => x.Entries, e =>
        {
            e.ToTable("RevisitationPlanEntries");
            e.WithOwner().HasForeignKey("PlanId");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Step).HasConversion<string>().HasMaxLength(40);
            e.HasIndex(x => new { x.PlacementId, x.Step });
            e.OwnsMany(x => x.Participants, p =>
            {
                p.ToTable("RevisitationPlanParticipants");
                p.WithOwner().HasForeignKey("EntryId");
                p.Property<int>("Id").ValueGeneratedOnAdd();
                p.HasKey("Id");
                p.Property(x => x.Role).HasConversion<string>().HasMaxLength(40);
                p.Property(x => x.Name).HaveText(200);
            });
        });
    }
}
