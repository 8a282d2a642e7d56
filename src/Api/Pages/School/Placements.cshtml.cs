using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Placements;
using Visitation.Api.Features.Revisitation;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Revisitation;

namespace Visitation.Api.Pages.School;

/// <summary>
/// The district's children in special offers, each with its offer and the date by which the next revisitation
/// must be decided; above them the handleplans from revisitations that wait for the school leader's answer.
/// </summary>
[ForRoles(Role.DistrictSchoolLeader)]
public sealed class PlacementsModel : VisitationPageModel
{
    public sealed record Waiting(RevisitationSummary Revisitation, DateTimeOffset? AnswerDueAt, string OfferName);

    public string SchoolName { get; private set; } = "";
    public IReadOnlyList<PlacementSummary> Placements { get; private set; } = [];
    public IReadOnlyList<Waiting> Handleplans { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> OfferNames { get; private set; } = new Dictionary<Guid, string>();
    public DateOnly Today { get; private set; }

    /// <summary>Open revisitation cases of the listed children whose handleplan waits for an answer, by case id.</summary>
    public IReadOnlySet<Guid> AwaitingAnswer { get; private set; } = new HashSet<Guid>();

    public Task OnGetAsync() => LoadAsync();

    protected override async Task LoadAsync()
    {
        var schoolId = Actor.SchoolIds.Single();
        SchoolName = await Db.Schools.Where(s => s.Id == schoolId).Select(s => s.Name).FirstOrDefaultAsync(Aborted) ?? "";
        Today = DanishTime.Date(Clock.GetUtcNow());
        OfferNames = await Db.Offers.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, Aborted);

        var placements = new PlacementsApi.Ctx(Db, Rules, Clock, Service<AuditLog>(), HttpContext);
        Placements = (await PlacementsApi.ListAsync(Caller, placements, Aborted)).Value!
            .Where(p => p.Status.Code != nameof(PlacementStatus.Ended))
            .OrderBy(p => p.NextRevisitationDue ?? DateOnly.MaxValue).ThenBy(p => p.ChildName)
            .ToList();

        var revisitations = new RevisitationApi.Ctx(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);
        var sent = (await RevisitationApi.ListAsync(Caller, revisitations, Aborted, state: nameof(RevisitationState.HandleplanSent))).Value!;
        // The answer deadline of each listed case only (the list above is the audited read).
        var ids = sent.Select(r => r.Id).ToList();
        var due = await Db.Set<RevisitationCase>().AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.HandleplanAnswerDueAt }).ToDictionaryAsync(r => r.Id, r => r.HandleplanAnswerDueAt, Aborted);
        Handleplans = sent.Select(r => new Waiting(r, due.GetValueOrDefault(r.Id), OfferNames.GetValueOrDefault(r.OfferId, "")))
            .OrderBy(w => w.AnswerDueAt ?? DateTimeOffset.MaxValue).ToList();
        AwaitingAnswer = ids.ToHashSet();
    }
}
