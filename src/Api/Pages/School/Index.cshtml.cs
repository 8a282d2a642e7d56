using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Children;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Referrals;

namespace Visitation.Api.Pages.School;

/// <summary>The district school leader's start page: the school's referrals, what each lacks, and a new referral.</summary>
[ForRoles(Role.DistrictSchoolLeader)]
public sealed class IndexModel : VisitationPageModel
{
    public sealed record Row(ReferralSummary Referral, IReadOnlyList<string> Missing);

    public sealed class CreateForm
    {
        public Guid? ChildId { get; set; }
    }

    public string SchoolName { get; private set; } = "";
    public IReadOnlyList<Row> Open { get; private set; } = [];
    public IReadOnlyList<Row> Closed { get; private set; } = [];
    public IReadOnlyList<ChildrenApi.ChildSummary> Referable { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> OfferNames { get; private set; } = new Dictionary<Guid, string>();

    [BindProperty]
    public CreateForm Create { get; set; } = new();

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostCreateAsync() => ActAsync(async () =>
    {
        var created = (await ReferralsApi.CreateAsync(new ReferralsApi.CreateReferral(Create.ChildId), Caller, ReferralCtx, Aborted)).Value!;
        Flash = $"Henvisningen for {created.ChildName} er oprettet som kladde. Vedhæft de seks dele, og indsend den.";
        return Redirect($"/skole/henvisninger/{created.Id}");
    }, nameof(Create));

    protected override async Task LoadAsync()
    {
        var schoolId = Actor.SchoolIds.Single();
        SchoolName = await Db.Schools.Where(s => s.Id == schoolId).Select(s => s.Name).FirstOrDefaultAsync(Aborted) ?? "";
        var referrals = (await ReferralsApi.ListAsync(Caller, ReferralCtx, Aborted)).Value!;

        // What each referral still lacks: a read of the parts only (the list above is the audited read).
        var ids = referrals.Select(r => r.Id).ToList();
        var parts = await Db.Referrals.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.RuleSetVersion, Parts = r.Documents.Where(d => d.IsCurrent).Select(d => d.Type).ToList() })
            .ToListAsync(Aborted);
        var missing = parts.ToDictionary(p => p.Id, p => (IReadOnlyList<string>)Rules.Get(p.RuleSetVersion).Referral.RequiredParts
            .Where(required => !p.Parts.Contains(required)).Select(required => Show.Capitalised(required.Danish())).ToList());
        var rows = referrals.OrderByDescending(r => r.CreatedAt).Select(r => new Row(r, missing.GetValueOrDefault(r.Id) ?? [])).ToList();
        Open = rows.Where(r => r.Referral.State.Code is not (nameof(ReferralState.Decided) or nameof(ReferralState.Withdrawn))).ToList();
        Closed = rows.Except(Open).ToList();

        var openChildIds = Open.Select(r => r.Referral.ChildId).ToHashSet();
        var children = (await ChildrenApi.ListAsync(Caller, Db, Service<Infrastructure.Audit.AuditLog>(), Aborted)).Value!;
        Referable = children.Where(c => !openChildIds.Contains(c.Id)).ToList();
        OfferNames = await Db.Offers.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, Aborted);
    }
}
