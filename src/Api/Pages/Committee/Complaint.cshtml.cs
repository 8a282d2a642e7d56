using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Decisions;

namespace Visitation.Api.Pages.Committee;

/// <summary>
/// One complaint for the committee: the complaint and its attachments, the letter complained about and its
/// decision, the case's documents that go to the board, and the reassessment: uphold (the complaint goes to
/// Klagenævnet with the case file, which can then be downloaded here) or change the decision.
/// </summary>
[ForRoles(Role.CommitteeMember)]
public sealed class ComplaintModel : VisitationPageModel
{
    public sealed class ReassessForm
    {
        public string? Outcome { get; set; }
        public string? Note { get; set; }
        public int? Revision { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public DecisionsApi.ComplaintView Complaint { get; private set; } = null!;
    public DecisionsApi.LetterView Letter { get; private set; } = null!;
    public DecisionsApi.WrittenDecisionView Decision { get; private set; } = null!;
    /// <summary>The referral the decision was made on, when it was a committee decision; its parts go to the board.</summary>
    public ReferralDetails? Referral { get; private set; }
    public string ChildName { get; private set; } = "";
    public DateTimeOffset Now { get; private set; }

    public bool AwaitsReassessment => Complaint.Status == nameof(ComplaintStatus.UnderReassessment);

    [BindProperty]
    public ReassessForm Reassess { get; set; } = new();

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostReassessAsync() => ActAsync(async () =>
    {
        ExpectRevision(Reassess.Revision);
        var after = (await DecisionsApi.ReassessAsync(Id, new DecisionsApi.ReassessRequest(Reassess.Outcome, Reassess.Note), Caller, Db, Clock,
            Service<MunicipalitySettings>(), Service<AuditLog>(), HttpContext, Aborted)).Value!;
        Flash = after.Status == nameof(ComplaintStatus.ForwardedToBoard)
            ? "Afgørelsen er fastholdt. Klagen sendes til Klagenævnet for Specialundervisning med sagens akter, som du kan hente herunder."
            : "Afgørelsen ændres. Udsted den nye afgørelse fra sagen, så forældrene får et nyt brev.";
        return Redirect($"/udvalg/klager/{Id}");
    }, nameof(Reassess));

    /// <summary>What became of a reassessed complaint, in a few words.</summary>
    public static string Outcome(string status) => status switch
    {
        nameof(ComplaintStatus.ForwardedToBoard) => "fastholdt og sendt til klagenævnet",
        nameof(ComplaintStatus.DecisionChanged) => "afgørelsen ændres",
        _ => "venter på genvurdering",
    };

    protected override async Task LoadAsync()
    {
        var audit = Service<AuditLog>();
        Complaint = (await DecisionsApi.GetComplaintAsync(Id, Caller, Db, audit, Aborted)).Value!;
        Letter = (await DecisionsApi.GetLetterAsync(Complaint.LetterId, Caller, Db, audit, Aborted)).Value!;
        Decision = (await DecisionsApi.GetDecisionAsync(Complaint.WrittenDecisionId, Caller, Db, audit, Aborted)).Value!;
        ChildName = await Db.Children.AsNoTracking().Where(c => c.Id == Complaint.ChildId).Select(c => c.Name).FirstOrDefaultAsync(Aborted) ?? "";
        Referral = await Db.Referrals.AnyAsync(r => r.Id == Decision.CaseId, Aborted)
            ? (await ReferralsApi.GetAsync(Decision.CaseId, Caller, ReferralCtx, Aborted)).Value
            : null;
        Reassess.Revision ??= Complaint.Revision;
        Now = Clock.GetUtcNow();
    }
}
