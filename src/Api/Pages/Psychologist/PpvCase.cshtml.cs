using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Ppv;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;

namespace Visitation.Api.Pages.Psychologist;

/// <summary>
/// One PPV case for the psychologist: the request and the parents' consent; at the coordination meeting its
/// priority and psychologist; for the assigned psychologist, once the parents have consented, the assessment
/// notes, the draft with recommendations, the hearing with the parents' comments, and the final version.
/// What the page shows is what <see cref="PpvAccess"/> lets the feature code return: before consent, the request only.
/// </summary>
[ForRoles(Role.Psychologist)]
public sealed class PpvCaseModel : VisitationPageModel
{
    public sealed class PrioritiseForm
    {
        public string? Priority { get; set; }
        public DateOnly? MeetingDate { get; set; }
    }

    public sealed class AssignForm
    {
        public Guid? PsychologistId { get; set; }
        public string? OverCapacityReason { get; set; }
        /// <summary>The case has a psychologist already and goes to another one.</summary>
        public bool Reassign { get; set; }
    }

    public sealed class NoteForm
    {
        public string? Kind { get; set; }
        public DateOnly? OccurredAt { get; set; }
        public string? Text { get; set; }
    }

    public sealed class DraftForm
    {
        public string? Text { get; set; }
        public string? Recommendations { get; set; }
    }

    public sealed class FinaliseForm
    {
        public string? ResponseToComments { get; set; }
    }

    public sealed class ReopenForm
    {
        public string? Reason { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The revision of the case the form was shown with; a change on a stale page is refused.</summary>
    [BindProperty]
    public int? Revision { get; set; }

    [BindProperty] public PrioritiseForm Prioritise { get; set; } = new();
    [BindProperty] public AssignForm Assign { get; set; } = new();
    [BindProperty] public NoteForm Note { get; set; } = new();
    [BindProperty] public DraftForm Draft { get; set; } = new();
    [BindProperty] public FinaliseForm Finalise { get; set; } = new();
    [BindProperty] public ReopenForm Reopen { get; set; } = new();

    public PpvDetails Ppv { get; private set; } = null!;
    public string SchoolName { get; private set; } = "";
    public IReadOnlyList<PsychologistQueueView> Psychologists { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public bool Can(PpvTrigger trigger) => Ppv.PermittedActions.Any(a => a.Code == trigger.ToString());

    public PpvHearingView? CurrentHearing => Ppv.Hearings?.LastOrDefault();

    public PpvDraftView? CurrentDraft => Ppv.Drafts.LastOrDefault();

    private PpvApi.Ctx Ctx => new(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);

    public async Task OnGetAsync()
    {
        await LoadAsync();
        // The draft form starts from the latest draft, so a revision edits it rather than starting over.
        if (CurrentDraft is { } draft && Ppv.State.Code is nameof(PpvState.InAssessment) or nameof(PpvState.Drafted))
        {
            Draft.Text = draft.Text;
            Draft.Recommendations = draft.Recommendations;
        }
        Prioritise.MeetingDate = Today;
    }

    public Task<IActionResult> OnPostPrioritiseAsync() => ActAsync(async () =>
    {
        if (string.IsNullOrEmpty(Prioritise.Priority))
            return await RefuseAsync("Prioritise.Priority", "Vælg sagens prioritet.");
        if (Prioritise.MeetingDate is null)
            return await RefuseAsync("Prioritise.MeetingDate", "Angiv datoen for koordineringsmødet.");
        ExpectRevision(Revision);
        await PpvApi.PrioritiseAsync(Id, new PpvApi.PrioritiseRequest(Prioritise.Priority, Prioritise.MeetingDate), Caller, Ctx, Aborted);
        return Done("Prioriteringen fra koordineringsmødet er registreret.");
    }, nameof(Prioritise));

    public Task<IActionResult> OnPostAssignAsync() => ActAsync(async () =>
    {
        if (Assign.PsychologistId is null)
            return await RefuseAsync("Assign.PsychologistId", "Vælg, hvilken psykolog sagen skal tildeles.");
        ExpectRevision(Revision);
        var after = (await PpvApi.AssignAsync(Id, new PpvApi.AssignRequest(Assign.PsychologistId, Assign.OverCapacityReason), Caller, Ctx,
            Assign.Reassign, Aborted)).Value!;
        return Done($"Sagen er tildelt {after.AssignedPsychologistName}.");
    }, nameof(Assign));

    public Task<IActionResult> OnPostNoteAsync() => ActAsync(async () =>
    {
        if (string.IsNullOrEmpty(Note.Kind))
            return await RefuseAsync("Note.Kind", "Vælg, hvilken slags notat det er.");
        ExpectRevision(Revision);
        await PpvApi.NoteAsync(Id, new PpvApi.NoteRequest(Note.Kind, Note.Text, OccurredAt(Note.OccurredAt)), Caller, Ctx, Aborted);
        return Done("Notatet er registreret.");
    }, nameof(Note));

    public Task<IActionResult> OnPostDraftAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        await PpvApi.ChangeAsync(Id, Caller, Ctx, Aborted, (wf, p, now) => wf.WriteDraft(p, Actor, Draft.Text ?? "", Draft.Recommendations ?? "", now));
        return Done("Udkastet er gemt. Send det i høring hos forældrene, når det er færdigt.");
    }, nameof(Draft));

    public Task<IActionResult> OnPostHearingAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        var after = (await PpvApi.ChangeAsync(Id, Caller, Ctx, Aborted,
            (wf, p, now) => wf.SendToHearing(p, Actor, Rules.Get(p.RuleSetVersion), now))).Value!;
        var deadline = after.Hearings?.LastOrDefault()?.ReplyDeadline;
        return Done($"Udkastet er sendt i høring hos forældrene{(deadline is { } d ? $" med svarfrist {Show.Date(d)}" : "")}.");
    }, "Hearing");

    public Task<IActionResult> OnPostReopenAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        await PpvApi.ChangeAsync(Id, Caller, Ctx, Aborted, (wf, p, now) => wf.ReopenDraft(p, Actor, Reopen.Reason ?? "", now));
        return Done("Udkastet er taget tilbage fra høringen. Ret det, og send det i høring igen.");
    }, nameof(Reopen));

    public Task<IActionResult> OnPostFinaliseAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        var after = (await PpvApi.ChangeAsync(Id, Caller, Ctx, Aborted,
            (wf, p, now) => wf.Finalise(p, Actor, Finalise.ResponseToComments, now))).Value!;
        return Done($"PPV'en er endelig (version {after.Versions.Max(v => v.Number)}).");
    }, nameof(Finalise));

    private IActionResult Done(string message)
    {
        Flash = message;
        return Redirect($"/psykolog/ppv/{Id}");
    }

    private async Task<IActionResult> RefuseAsync(string key, string message)
    {
        ModelState.AddModelError(key, message);
        return await RedisplayAsync();
    }

    /// <summary>
    /// A note is dated by the day it happened. Today means now (a time later today has not happened yet);
    /// an earlier day means midday of it, Danish time.
    /// </summary>
    private DateTimeOffset? OccurredAt(DateOnly? day)
    {
        if (day is not { } date) return null;
        var now = Clock.GetUtcNow();
        return date == DanishTime.Date(now) ? now : DanishNoon(date);
    }

    private static DateTimeOffset DanishNoon(DateOnly date)
    {
        var local = date.ToDateTime(new TimeOnly(12, 0));
        return new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    protected override async Task LoadAsync()
    {
        Today = DanishTime.Date(Clock.GetUtcNow());
        Ppv = (await PpvApi.GetAsync(Id, Caller, Ctx, Aborted)).Value!;
        SchoolName = await Db.Schools.Where(s => s.Id == Ppv.DistrictSchoolId).Select(s => s.Name).FirstOrDefaultAsync(Aborted) ?? "";
        if (Can(PpvTrigger.Assign) || Can(PpvTrigger.Reassign))
            Psychologists = (await PpvApi.PsychologistsAsync(Caller, Ctx, Aborted, Ppv.DistrictSchoolId)).Value!;
    }

    public static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
