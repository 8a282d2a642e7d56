using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Decisions;

namespace Visitation.Api.Features.Decisions;

/// <summary>Written decisions, their letters and complaints are part of the child's case: each change is audited.</summary>
public sealed class DecisionChangeRecorder : ICaseChangeRecorder
{
    public void Record(VisitationDbContext db, CaseChanges changes)
    {
        foreach (var entry in db.ChangeTracker.Entries<WrittenDecision>().Where(e => e.State == EntityState.Added).ToList())
        {
            var d = entry.Entity;
            changes.Audit(new AuditEntry(d.IssuedAt, d.IssuedByUserId, d.IssuedByName, d.IssuedByRole, AuditKind.Change, d.ChildId,
                "Afgørelse", d.Id, $"Udstedte afgørelsen ({DeliverDecisionLetters.Subject(d.Kind).ToLowerInvariant()})."));
            changes.Publish(new DecisionIssued(d.Id, d.ChildId, d.IssuedAt), d.IssuedAt);
        }
        foreach (var entry in db.ChangeTracker.Entries<Letter>().ToList())
        {
            var l = entry.Entity;
            if (entry.State == EntityState.Added)
                changes.AuditBySystem(l.ChildId, "Afgørelsesbrev", l.Id, $"Dannede afgørelsesbrevet til {l.RecipientName} (SHA-256 {l.Sha256[..12]}…).");
            var delivered = entry.State == EntityState.Added ? l.DeliveredAt is not null
                : entry.State == EntityState.Modified && entry.Property(x => x.DeliveredAt).IsModified;
            if (delivered)
                changes.AuditBySystem(l.ChildId, "Afgørelsesbrev", l.Id, $"Leverede afgørelsesbrevet til {l.RecipientName} via {l.Channel}.");
        }
        foreach (var entry in db.ChangeTracker.Entries<Complaint>().ToList())
        {
            var c = entry.Entity;
            if (entry.State == EntityState.Added)
                changes.Audit(new AuditEntry(c.LodgedAt, c.LodgedByUserId, c.LodgedByName, "Guardian", AuditKind.Change, c.ChildId,
                    "Klage", c.Id, c.IsLate ? "Indgav klage efter klagefristen." : "Indgav klage."));
            else if (entry.State == EntityState.Modified && entry.Property(x => x.Status).IsModified)
                changes.Audit(new AuditEntry(c.ReassessedAt ?? changes.Now, c.ReassessedByUserId ?? Guid.Empty, c.ReassessedByName ?? "",
                    "CommitteeMember", AuditKind.Change, c.ChildId, "Klage", c.Id, c.Status == ComplaintStatus.ForwardedToBoard
                        ? "Genvurderede afgørelsen: fastholdt, og klagen er sendt til klagenævnet med sagens akter."
                        : "Genvurderede afgørelsen: ændret; en ny afgørelse udstedes."));
        }
    }
}
