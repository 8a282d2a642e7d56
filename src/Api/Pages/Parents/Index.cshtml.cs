using Microsoft.AspNetCore.Mvc;
using Visitation.Api.Features.Children;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;

namespace Visitation.Api.Pages.Parents;

/// <summary>A parent's start page: their children. With one child, straight to that child's case.</summary>
[ForRoles(Role.Guardian)]
public sealed class IndexModel : VisitationPageModel
{
    public IReadOnlyList<ChildrenApi.ChildSummary> Children { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Children = (await ChildrenApi.ListAsync(Caller, Db, Service<AuditLog>(), Aborted)).Value!;
        return Children.Count == 1 ? Redirect($"/foraeldre/boern/{Children[0].Id}") : Page();
    }
}
