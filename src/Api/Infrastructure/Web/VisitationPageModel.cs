using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Infrastructure.Web;

/// <summary>The roles a page is for. Others are refused with a Danish 403 page.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ForRolesAttribute(params Role[] roles) : Attribute
{
    public IReadOnlyList<Role> Roles { get; } = roles;
}

/// <summary>
/// The base of every signed-in page. It resolves the <see cref="Actor"/> from the user table on every
/// request, as the API's <see cref="Caller"/> does, so a page and an endpoint see the same role and
/// scope; page models then call the same feature code the endpoints call (load, domain, save), so
/// authorization and audit are the API's. Refusals become Danish pages or messages next to the form:
/// <list type="bullet">
/// <item>an unknown or out-of-scope id: 404 page (the API answers 404 too, so existence is not revealed);</item>
/// <item>a role or scope refusal while showing a page: 403 page;</item>
/// <item>a refused form: the page again, the user's input kept, the message next to the field at fault.</item>
/// </list>
/// </summary>
public abstract class VisitationPageModel : PageModel
{
    /// <summary>The Danish message the error page shows for a refused request.</summary>
    public const string ErrorMessageKey = "Visitation.ErrorMessage";

    /// <summary>ModelState key of messages about a whole form rather than one field.</summary>
    public const string FormKey = "";

    private Caller? _caller;

    protected Caller Caller => _caller ?? throw new InvalidOperationException("The caller is resolved before a handler runs.");

    public Actor Actor => Caller.Actor;

    /// <summary>A one-time message after a successful change (post, redirect, get).</summary>
    [TempData(Key = "Visitation.Flash")]
    public string? Flash { get; set; }

    protected T Service<T>() where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    protected VisitationDbContext Db => Service<VisitationDbContext>();

    protected TimeProvider Clock => Service<TimeProvider>();

    protected RuleSetCatalog Rules => Service<RuleSetCatalog>();

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    /// <summary>What the referral features need, built as the endpoints bind it.</summary>
    protected ReferralsApi.Ctx ReferralCtx =>
        new(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var subject = User.FindFirst("sub")?.Value ?? User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var actor = subject is null ? null : await Caller.ResolveAsync(Db, subject, Aborted);
        if (actor is null)
        {
            context.Result = Refusal(StatusCodes.Status403Forbidden, "Din bruger er ikke oprettet i Visitation. Kontakt administrationen.");
            return;
        }
        _caller = new Caller(actor);
        ViewData["Actor"] = actor;
        var roles = GetType().GetCustomAttribute<ForRolesAttribute>()?.Roles;
        if (roles is { Count: > 0 } && !roles.Contains(actor.Role))
        {
            context.Result = Refusal(StatusCodes.Status403Forbidden,
                $"Som {actor.Role.Danish()} har du ikke adgang til denne side. Gå til din forside for at se det, du har adgang til.");
            return;
        }

        if (context.HandlerMethod is null)
        {
            // ?handler=… names nothing on this page (a browser never sends that): not a page to show.
            context.Result = Refusal(StatusCodes.Status404NotFound, "Handlingen findes ikke på denne side.");
            return;
        }

        var executed = await next();
        if (executed.Exception is { } e && !executed.ExceptionHandled && AsRefusal(e) is { } refusal)
        {
            executed.Result = refusal;
            executed.ExceptionHandled = true;
        }
    }

    /// <summary>An empty response with <paramref name="status"/>; the error page (re-executed) shows <paramref name="message"/>.</summary>
    protected IActionResult Refusal(int status, string message)
    {
        HttpContext.Items[ErrorMessageKey] = message;
        return StatusCode(status);
    }

    private IActionResult? AsRefusal(Exception e) => e switch
    {
        NotFoundException n => Refusal(StatusCodes.Status404NotFound, n.Message),
        NotPermittedException n => Refusal(StatusCodes.Status403Forbidden, n.Message),
        WrongStateException or ConcurrentChangeException => Refusal(StatusCodes.Status409Conflict, e.Message),
        DomainException d => Refusal(StatusCodes.Status400BadRequest, d.Message),
        _ => null,
    };

    /// <summary>Loads what the page shows; called for GET and again when a form is shown with its errors.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>The lint list of a refused written decision (<see cref="IncompleteDecisionException.Missing"/>).</summary>
    public IReadOnlyList<string> MissingForDecision { get; private set; } = [];

    /// <summary>
    /// Runs a form's change. Binding errors and domain refusals show the page again with the input kept
    /// and the message next to the field (<paramref name="fieldPrefix"/> + the refused field's name),
    /// or at the top of the form (<paramref name="formKey"/>, by default the prefix). Nothing of a refused
    /// change is saved: the unit of work is discarded.
    /// </summary>
    protected async Task<IActionResult> ActAsync(Func<Task<IActionResult>> change, string? fieldPrefix = null, string? formKey = null)
    {
        if (!ModelState.IsValid) return await RedisplayAsync();
        try
        {
            return await change();
        }
        catch (DomainException e)
        {
            Db.ChangeTracker.Clear();
            switch (e)
            {
                case IncompleteDecisionException incomplete:
                    MissingForDecision = incomplete.Missing;
                    ModelState.AddModelError(FieldKey(fieldPrefix, "letter"), "Afgørelsen kan ikke udstedes endnu, fordi der mangler noget. Se listen ved afgørelsesformularen.");
                    break;
                case InvalidInputException invalid:
                    ModelState.AddModelError(FieldKey(fieldPrefix, invalid.Field), invalid.Message);
                    break;
                default:
                    ModelState.AddModelError(formKey ?? FieldKey(fieldPrefix, null), e.Message);
                    break;
            }
            return await RedisplayAsync();
        }
    }

    protected async Task<IActionResult> RedisplayAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>"Decision" + "offerId" → "Decision.OfferId", the name the form's field binds to.</summary>
    public static string FieldKey(string? prefix, string? field)
    {
        if (string.IsNullOrEmpty(field)) return prefix ?? FormKey;
        var pascal = char.ToUpperInvariant(field[0]) + field[1..];
        return string.IsNullOrEmpty(prefix) ? pascal : $"{prefix}.{pascal}";
    }

    public bool HasError(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    /// <summary>
    /// The revision of the case the person saw, sent back by the form: the feature code's If-Match check
    /// then refuses a change made on a stale page exactly as it does for an API client.
    /// </summary>
    protected void ExpectRevision(int? revision)
    {
        if (revision is { } r) Request.Headers.IfMatch = $"\"{r}\"";
    }
}
