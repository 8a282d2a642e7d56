using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Pages.Admin;

/// <summary>The special offers with seats, children placed and free seats.</summary>
[ForRoles(Role.Administrator)]
public sealed class OffersModel : VisitationPageModel
{
    public sealed record Row(SpecialOffer Offer, string HostSchool, int Placed)
    {
        public int Free => Offer.Seats - Placed;
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var offers = await Db.Offers.AsNoTracking().OrderBy(o => o.Category).ThenBy(o => o.Name).ToListAsync(Aborted);
        var schools = await Db.Schools.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, Aborted);
        // Counts only; no child is named.
        var placed = await Db.Children.AsNoTracking().Where(c => c.CurrentOfferId != null)
            .GroupBy(c => c.CurrentOfferId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, Aborted);
        Rows = offers.Select(o => new Row(o, schools.GetValueOrDefault(o.HostSchoolId) ?? "", placed.GetValueOrDefault(o.Id))).ToList();
    }
}
