using Microsoft.AspNetCore.Mvc;
using Visitation.Api.Features.Children;
using Visitation.Api.Features.Ppv;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;

namespace Visitation.Api.Pages.Parents;

/// <summary>
/// My child's PPV in plain Danish: consent, given for each purpose on its own (what is not ticked is not
/// given); the draft during the hearing, with my comment; and the final versions to read and download.
/// </summary>
[ForRoles(Role.Guardian)]
public sealed class PpvModel : VisitationPageModel
{
    public const string ScopesKey = "Consent.Scopes";

    public sealed class ConsentForm
    {
        public List<string>? Scopes { get; set; }
    }

    public sealed class CommentForm
    {
        public string? Text { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int? Revision { get; set; }

    [BindProperty]
    public ConsentForm Consent { get; set; } = new();

    [BindProperty]
    public CommentForm Comment { get; set; } = new();

    public PpvDetails Ppv { get; private set; } = null!;
    public ChildrenApi.ChildDetails Child { get; private set; } = null!;

    public bool Can(PpvTrigger trigger) => Ppv.PermittedActions.Any(a => a.Code == trigger.ToString());

    /// <summary>The scopes this guardian has consented to, with the first time each was given.</summary>
    public IReadOnlyDictionary<ConsentScopes, DateTimeOffset> MyConsent => ConsentOf(Actor.GuardianId);

    public IReadOnlyDictionary<ConsentScopes, DateTimeOffset> ConsentOf(Guid? guardianId)
    {
        var given = new Dictionary<ConsentScopes, DateTimeOffset>();
        foreach (var consent in (Ppv.Consents ?? []).Where(c => c.GuardianId == guardianId).OrderBy(c => c.GivenAt))
            foreach (var scope in consent.Scopes)
                if (Enum.TryParse<ConsentScopes>(scope, out var s)) given.TryAdd(s, consent.GivenAt);
        return given;
    }

    public IEnumerable<ChildrenApi.GuardianView> OtherGuardians => Child.Guardians.Where(g => g.Id != Actor.GuardianId);

    public PpvHearingView? OpenHearing => Ppv.Hearings?.LastOrDefault(h => h.IsOpen);

    public PpvHearingView? CurrentHearing => Ppv.State.Code == nameof(PpvState.InHearing) ? Ppv.Hearings?.LastOrDefault() : null;

    private PpvApi.Ctx Ctx => new(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostConsentAsync() => ActAsync(async () =>
    {
        var scopes = (Consent.Scopes ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).ToArray();
        if (scopes.Length == 0)
        {
            ModelState.AddModelError(ScopesKey, "Sæt flueben ved det, du giver samtykke til. Vil du ikke give samtykke nu, skal du ikke gøre noget.");
            return await RedisplayAsync();
        }
        ExpectRevision(Revision);
        await PpvApi.ConsentAsync(Id, new PpvApi.RecordConsent(null, scopes, null), Caller, Ctx, Aborted);
        Flash = "Tak. Dit samtykke er registreret.";
        return Redirect($"/foraeldre/ppv/{Id}");
    }, nameof(Consent));

    public Task<IActionResult> OnPostCommentAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        await PpvApi.ChangeAsync(Id, Caller, Ctx, Aborted, (wf, p, now) => wf.CommentOnHearing(p, Actor, Comment.Text ?? "", now));
        Flash = "Tak. Din kommentar til udkastet er sendt til psykologen.";
        return Redirect($"/foraeldre/ppv/{Id}#hoering");
    }, nameof(Comment));

    protected override async Task LoadAsync()
    {
        Ppv = (await PpvApi.GetAsync(Id, Caller, Ctx, Aborted)).Value!;
        Child = (await ChildrenApi.GetAsync(Ppv.ChildId, Caller, Db, Service<AuditLog>(), Aborted)).Value!;
    }
}
