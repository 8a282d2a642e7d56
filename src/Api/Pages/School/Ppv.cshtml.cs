using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Children;
using Visitation.Api.Features.Ppv;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;

namespace Visitation.Api.Pages.School;

/// <summary>The school's PPV requests to the psychologist service, and a new request for a pupil.</summary>
[ForRoles(Role.DistrictSchoolLeader)]
public sealed class PpvModel : VisitationPageModel
{
    public sealed class RequestForm
    {
        public Guid? ChildId { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty]
    public RequestForm NewPpv { get; set; } = new();

    public string SchoolName { get; private set; } = "";
    public IReadOnlyList<PpvQueueItem> InProgress { get; private set; } = [];
    public IReadOnlyList<PpvQueueItem> Closed { get; private set; } = [];
    public IReadOnlyList<ChildrenApi.ChildSummary> Requestable { get; private set; } = [];

    private PpvApi.Ctx Ctx => new(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostAsync() => ActAsync(async () =>
    {
        // An empty choice binds nothing; say so in words rather than with the API's field name.
        if (NewPpv.ChildId is null)
        {
            ModelState.AddModelError("NewPpv.ChildId", "Vælg, hvilken elev PPV'en gælder.");
            return await RedisplayAsync();
        }
        var created = (await PpvApi.RequestAsync(new PpvApi.RequestPpv(NewPpv.ChildId, NewPpv.Reason), Caller, Ctx, Aborted)).Value!;
        Flash = $"PPV'en for {created.ChildName} er anmodet. Psykologen kan gå i gang, når forældrene har givet samtykke.";
        return Redirect($"/skole/ppv/{created.Id}");
    }, nameof(NewPpv));

    protected override async Task LoadAsync()
    {
        var schoolId = Actor.SchoolIds.Single();
        SchoolName = await Db.Schools.Where(s => s.Id == schoolId).Select(s => s.Name).FirstOrDefaultAsync(Aborted) ?? "";
        var cases = (await PpvApi.ListAsync(Caller, Ctx, Aborted)).Value!.OrderByDescending(c => c.RequestedAt).ToList();
        InProgress = cases.Where(c => c.State.Code is not (nameof(PpvState.Final) or nameof(PpvState.Withdrawn))).ToList();
        Closed = cases.Except(InProgress).ToList();

        // A child with a PPV case that is not withdrawn continues that case (or asks for an update of its final PPV).
        var taken = cases.Where(c => c.State.Code != nameof(PpvState.Withdrawn)).Select(c => c.ChildId).ToHashSet();
        var children = (await ChildrenApi.ListAsync(Caller, Db, Service<AuditLog>(), Aborted)).Value!;
        Requestable = children.Where(c => !taken.Contains(c.Id)).ToList();
    }
}
