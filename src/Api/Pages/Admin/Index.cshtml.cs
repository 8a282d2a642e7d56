using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Pages.Admin;

/// <summary>The administrator's start page: what the system is configured with.</summary>
[ForRoles(Role.Administrator)]
public sealed class IndexModel : VisitationPageModel
{
    public int Offers { get; private set; }
    public int Seats { get; private set; }
    public int Placed { get; private set; }
    public RuleSet InForce { get; private set; } = null!;
    public int Workflows { get; private set; }

    public async Task OnGetAsync()
    {
        Offers = await Db.Offers.CountAsync(o => o.IsActive, Aborted);
        Seats = await Db.Offers.Where(o => o.IsActive).SumAsync(o => o.Seats, Aborted);
        Placed = await Db.Children.CountAsync(c => c.CurrentOfferId != null, Aborted);
        InForce = Rules.InForceAt(Clock);
        Workflows = Service<WorkflowCatalog>().All.Count;
    }
}
