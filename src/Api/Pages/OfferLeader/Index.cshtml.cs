using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Children;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Pages.OfferLeader;

/// <summary>The offer leader's start page: the offer, its children, and children newly placed in it.</summary>
[ForRoles(Role.OfferLeader)]
public sealed class IndexModel : VisitationPageModel
{
    public SpecialOffer? Offer { get; private set; }
    public IReadOnlyList<ChildrenApi.ChildSummary> Children { get; private set; } = [];
    public IReadOnlyList<ReferralSummary> Placed { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> SchoolNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync()
    {
        Offer = await Db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Actor.OfferId, Aborted);
        Children = (await ChildrenApi.ListAsync(Caller, Db, Service<AuditLog>(), Aborted)).Value!;
        Placed = (await ReferralsApi.ListAsync(Caller, ReferralCtx, Aborted)).Value!;
        SchoolNames = await Db.Schools.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, Aborted);
    }
}
