using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;

namespace Visitation.Api.Pages.Psychologist;

/// <summary>The psychologist's start page: referrals from the schools they serve.</summary>
[ForRoles(Role.Psychologist)]
public sealed class IndexModel : VisitationPageModel
{
    public IReadOnlyList<ReferralSummary> Referrals { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> SchoolNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync()
    {
        Referrals = (await ReferralsApi.ListAsync(Caller, ReferralCtx, Aborted)).Value!;
        SchoolNames = await Db.Schools.AsNoTracking().Where(s => Actor.SchoolIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, Aborted);
    }
}
