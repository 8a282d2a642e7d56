using Microsoft.AspNetCore.Mvc;
using Visitation.Api.Features.Ppv;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;

namespace Visitation.Api.Pages.School;

/// <summary>
/// One PPV case as the district school leader may see it: the request, the parents' consent, who has it,
/// and the final versions once the parents have consented to sharing them with the school.
/// </summary>
[ForRoles(Role.DistrictSchoolLeader)]
public sealed class PpvCaseModel : VisitationPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public PpvDetails Ppv { get; private set; } = null!;

    public Task OnGetAsync() => LoadAsync();

    protected override async Task LoadAsync()
    {
        var ctx = new PpvApi.Ctx(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);
        Ppv = (await PpvApi.GetAsync(Id, Caller, ctx, Aborted)).Value!;
    }
}
