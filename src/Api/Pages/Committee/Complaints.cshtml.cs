using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Decisions;

namespace Visitation.Api.Pages.Committee;

/// <summary>
/// The complaints lodged with the municipality: those awaiting reassessment first, by their reassessment
/// deadline, then those already reassessed. Listing them is a read of each, audited as the API does.
/// </summary>
[ForRoles(Role.CommitteeMember)]
public sealed class ComplaintsModel : VisitationPageModel
{
    public sealed record Row(DecisionsApi.ComplaintView Complaint, string ChildName)
    {
        public bool AwaitsReassessment => Complaint.Status == nameof(ComplaintStatus.UnderReassessment);
    }

    public IReadOnlyList<Row> Open { get; private set; } = [];
    public IReadOnlyList<Row> Reassessed { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    protected override async Task LoadAsync()
    {
        var complaints = (await DecisionsApi.ListComplaintsAsync(Caller, Db, Service<AuditLog>(), Aborted)).Value!;
        var childIds = complaints.Select(c => c.ChildId).Distinct().ToList();
        var names = await Db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, Aborted);
        var rows = complaints.Select(c => new Row(c, names.GetValueOrDefault(c.ChildId, ""))).ToList();
        Open = rows.Where(r => r.AwaitsReassessment).OrderBy(r => r.Complaint.ReassessmentDue).ToList();
        Reassessed = rows.Where(r => !r.AwaitsReassessment).OrderByDescending(r => r.Complaint.ReassessedAt).ToList();
        Now = Clock.GetUtcNow();
    }
}
