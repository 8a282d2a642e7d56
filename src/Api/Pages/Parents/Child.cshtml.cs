using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Children;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Features.Ppv;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;

namespace Visitation.Api.Pages.Parents;

/// <summary>
/// My child's case in plain Danish: where the referral is, which parts the committee has, the
/// parents' statement (uploaded here while the referral is open), the letters and the complaints.
/// </summary>
[ForRoles(Role.Guardian)]
public sealed class ChildModel : VisitationPageModel
{
    public const string StatementKey = "Statement.File";

    [BindProperty(SupportsGet = true)]
    public Guid ChildId { get; set; }

    public ChildrenApi.ChildDetails Child { get; private set; } = null!;
    public ReferralDetails? Referral { get; private set; }
    public VisitationRound? Round { get; private set; }
    public IReadOnlyList<DecisionsApi.LetterView> Letters { get; private set; } = [];
    public IReadOnlyList<DecisionsApi.ComplaintView> Complaints { get; private set; } = [];
    public long MaxBytes { get; private set; }
    public IReadOnlyList<PpvQueueItem> PpvCases { get; private set; } = [];

    public bool CanSendStatement => Referral?.PermittedActions.Any(a => a.Code == nameof(ReferralTrigger.AttachDocument)) == true;

    public DocumentView? Statement => Referral?.Documents.LastOrDefault(d => d.IsCurrent && d.Part.Code == nameof(ReferralPartType.ParentStatement));

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostStatementAsync(IFormFile? statement) => ActAsync(async () =>
    {
        var referralId = await OpenReferralIdAsync();
        await ReferralsApi.UploadAsync(referralId, nameof(ReferralPartType.ParentStatement), statement, Caller, ReferralCtx, Aborted);
        Flash = "Tak. Jeres forældreudtalelse er sendt og er nu en del af henvisningen.";
        return Redirect($"/foraeldre/boern/{ChildId}");
    }, "Statement");

    private async Task<Guid> OpenReferralIdAsync()
    {
        var referrals = (await ReferralsApi.ListAsync(Caller, ReferralCtx, Aborted)).Value!;
        return referrals.Where(r => r.ChildId == ChildId).OrderByDescending(r => r.CreatedAt).Select(r => r.Id).FirstOrDefault() is var id && id != Guid.Empty
            ? id
            : throw new Visitation.Workflows.Common.WrongStateException("Der er ingen henvisning at sende forældreudtalelsen til.");
    }

    protected override async Task LoadAsync()
    {
        var audit = Service<AuditLog>();
        Child = (await ChildrenApi.GetAsync(ChildId, Caller, Db, audit, Aborted)).Value!;
        var referrals = (await ReferralsApi.ListAsync(Caller, ReferralCtx, Aborted)).Value!;
        var latest = referrals.Where(r => r.ChildId == ChildId).OrderByDescending(r => r.CreatedAt).FirstOrDefault();
        if (latest is not null)
        {
            Referral = (await ReferralsApi.GetAsync(latest.Id, Caller, ReferralCtx, Aborted)).Value!;
            Round = Referral.RoundId is { } roundId ? await Db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, Aborted) : null;
            MaxBytes = Rules.Get(Referral.RuleSetVersion).Uploads.MaxBytes;
        }
        Letters = (await DecisionsApi.ListLettersAsync(ChildId, Caller, Db, audit, Aborted)).Value!;
        Complaints = (await DecisionsApi.ListComplaintsAsync(Caller, Db, audit, Aborted)).Value!.Where(c => c.ChildId == ChildId).ToList();
        var ppv = new PpvApi.Ctx(Db, Service<WorkflowCatalog>(), Rules, Clock, audit, HttpContext);
        PpvCases = (await PpvApi.ListAsync(Caller, ppv, Aborted)).Value!.Where(c => c.ChildId == ChildId).OrderByDescending(c => c.RequestedAt).ToList();
    }
}
