using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Ppv;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;

namespace Visitation.Api.Pages.Psychologist;

/// <summary>
/// The PPV queue: the psychologist's own assessments against capacity, and the requests of the schools they
/// serve, from those waiting for the parents' consent to those waiting for a psychologist. Request level only.
/// </summary>
[ForRoles(Role.Psychologist)]
public sealed class PpvModel : VisitationPageModel
{
    /// <param name="ShowPsychologist">Whether the table names who has each case (not needed for one's own).</param>
    public sealed record QueueTable(IReadOnlyList<PpvQueueItem> Cases, IReadOnlyDictionary<Guid, string> Schools, string Caption, bool ShowPsychologist);

    public QueueTable Table(IReadOnlyList<PpvQueueItem> cases, string caption, bool showPsychologist = false) =>
        new(cases, SchoolNames, caption, showPsychologist);

    public PsychologistQueueView? Me { get; private set; }
    public IReadOnlyList<PpvQueueItem> Mine { get; private set; } = [];
    public IReadOnlyList<PpvQueueItem> AwaitingConsent { get; private set; } = [];
    public IReadOnlyList<PpvQueueItem> AwaitingPrioritisation { get; private set; } = [];
    public IReadOnlyList<PpvQueueItem> AwaitingAssignment { get; private set; } = [];
    public IReadOnlyList<PpvQueueItem> WithOthers { get; private set; } = [];
    public IReadOnlyList<PpvQueueItem> Final { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> SchoolNames { get; private set; } = new Dictionary<Guid, string>();

    public Task OnGetAsync() => LoadAsync();

    protected override async Task LoadAsync()
    {
        var ctx = new PpvApi.Ctx(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);
        // The load of every psychologist carries no child data; the list below is the audited read of the cases.
        Me = (await PpvApi.PsychologistsAsync(Caller, ctx, Aborted)).Value!.FirstOrDefault(p => p.PsychologistUserId == Actor.UserId);
        var cases = (await PpvApi.ListAsync(Caller, ctx, Aborted)).Value!;
        var active = PsychologistCapacity.ActiveStates.Select(s => s.ToString()).ToHashSet();

        Mine = cases.Where(c => c.PsychologistUserId == Actor.UserId && active.Contains(c.State.Code)).OrderBy(c => c.TargetAt).ToList();
        AwaitingConsent = cases.Where(c => c.State.Code == nameof(PpvState.Requested)).OrderBy(c => c.RequestedAt).ToList();
        AwaitingPrioritisation = cases.Where(c => c.State.Code == nameof(PpvState.AwaitingPrioritisation)).OrderBy(c => c.RequestedAt).ToList();
        // As the coordination meeting prioritised them: high first, then the longest waiting.
        AwaitingAssignment = cases.Where(c => c.State.Code == nameof(PpvState.AwaitingAssignment))
            .OrderBy(c => c.Priority is { } p && Enum.TryParse<PpvPriority>(p.Code, out var parsed) ? (int)parsed : int.MaxValue)
            .ThenBy(c => c.RequestedAt).ToList();
        WithOthers = cases.Where(c => active.Contains(c.State.Code) && c.PsychologistUserId != Actor.UserId).OrderBy(c => c.TargetAt).ToList();
        Final = cases.Where(c => c.State.Code == nameof(PpvState.Final)).OrderByDescending(c => c.RequestedAt).ToList();

        var schoolIds = cases.Select(c => c.SchoolId).Concat(Actor.SchoolIds).Distinct().ToList();
        SchoolNames = await Db.Schools.AsNoTracking().Where(s => schoolIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, Aborted);
    }
}
