using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;

namespace Visitation.Api.Pages.Admin;

/// <summary>The workflow definitions the service knows, each with its versions.</summary>
[ForRoles(Role.Administrator)]
public sealed class WorkflowsModel : VisitationPageModel
{
    public IReadOnlyList<(string Key, IReadOnlyList<WorkflowVersionInfo> Versions)> Definitions { get; private set; } = [];

    public void OnGet()
    {
        var catalog = Service<WorkflowCatalog>();
        Definitions = catalog.Keys.Select(k => (k, catalog.Versions(k))).ToList();
    }
}
