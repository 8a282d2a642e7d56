using Microsoft.AspNetCore.Mvc;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;

namespace Visitation.Api.Pages.Parents;

/// <summary>A decision letter to read on the page (the PDF is the letter of record), and the complaint form.</summary>
[ForRoles(Role.Guardian)]
public sealed class LetterModel : VisitationPageModel
{
    public sealed class ComplaintForm
    {
        public string? Text { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public DecisionsApi.LetterView Letter { get; private set; } = null!;
    public DecisionsApi.WrittenDecisionView Decision { get; private set; } = null!;
    public IReadOnlyList<DecisionsApi.ComplaintView> Complaints { get; private set; } = [];
    public string Board { get; private set; } = "";
    public int ReassessmentWeeks { get; private set; }

    [BindProperty]
    public ComplaintForm Complaint { get; set; } = new();

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostComplaintAsync(List<IFormFile>? attachments) => ActAsync(async () =>
    {
        var files = new FormFileCollection();
        files.AddRange((attachments ?? []).Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)));
        await DecisionsApi.LodgeComplaintAsync(Id, Complaint.Text, files, Caller, Db, Rules, Clock, Aborted);
        Flash = "Din klage er modtaget. Kommunen ser afgørelsen igennem igen og svarer dig.";
        return Redirect($"/foraeldre/breve/{Id}#klage");
    }, nameof(Complaint));

    protected override async Task LoadAsync()
    {
        var audit = Service<AuditLog>();
        Letter = (await DecisionsApi.GetLetterAsync(Id, Caller, Db, audit, Aborted)).Value!;
        Decision = (await DecisionsApi.GetDecisionAsync(Letter.WrittenDecisionId, Caller, Db, audit, Aborted)).Value!;
        Complaints = (await DecisionsApi.ListComplaintsAsync(Caller, Db, audit, Aborted)).Value!.Where(c => c.LetterId == Id).ToList();
        var rules = Rules.Get(Letter.RuleSetVersion).Complaints;
        Board = rules.Board;
        ReassessmentWeeks = rules.MunicipalReassessmentWeeks;
    }
}
