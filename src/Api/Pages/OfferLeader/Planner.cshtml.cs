using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Placements;
using Visitation.Api.Features.Revisitation;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Revisitation;

namespace Visitation.Api.Pages.OfferLeader;

/// <summary>
/// The offer leader's revisitation planner for the school year: every child in the offer by the month its
/// decision falls due, what has been done and what is next, the overdue ones first; a revisitation is
/// started from here, and the planner proposes dates for every remaining step.
/// </summary>
[ForRoles(Role.OfferLeader)]
public sealed class PlannerModel : VisitationPageModel
{
    public enum Progress { NotStarted, Running, Decided }

    /// <summary>One child on the plan: its revisitation this school year, or the one it is due for.</summary>
    public sealed record Row(Guid PlacementId, string ChildName, string SchoolName, DateOnly DueDate, bool IsOverdue, int DaysOverdue,
        Progress Progress, string StatusText, Guid? CaseId, string? NextStep, DateOnly? NextStepDate);

    public sealed record Month(DateOnly FirstDay, IReadOnlyList<Row> Rows);

    public string OfferName { get; private set; } = "";
    public SchoolYear Year { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<Row> Overdue { get; private set; } = [];
    public IReadOnlyList<Month> Months { get; private set; } = [];
    public IReadOnlyList<Row> Later { get; private set; } = [];
    public IReadOnlyList<Row> All { get; private set; } = [];
    public RevisitationPlannerApi.PlanView? Plan { get; private set; }

    [BindProperty]
    public Guid? PlacementId { get; set; }

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostStartAsync() => ActAsync(async () =>
    {
        var started = (await RevisitationApi.StartAsync(new RevisitationApi.StartRequest(PlacementId), Caller, RevisitationCtx, Aborted)).Value!;
        Flash = $"Revisitationen af {started.ChildName} er startet. Afgørelsen skal træffes senest {Show.Date(started.DueDate)}.";
        return Redirect($"/tilbud/revisitationer/{started.Id}");
    });

    public Task<IActionResult> OnPostProposeAsync() => ActAsync(async () =>
    {
        var plan = (await RevisitationPlannerApi.ProposeAsync(new RevisitationPlannerApi.ProposeRequest(null, null, null, null, null),
            Caller, PlannerCtx, Aborted)).Value!;
        var children = plan.Entries.Select(e => e.PlacementId).Distinct().Count();
        Flash = $"Planen for skoleåret {plan.SchoolYear} er lagt: {plan.Entries.Count} trin for {children} børn."
                + (plan.Problems.Count == 0 ? "" : $" {plan.Problems.Count} trin kunne ikke planlægges før fristen: "
                   + string.Join(" ", plan.Problems.Take(5).Select(p => p.Message)));
        return Redirect("/tilbud/revisitationer");
    }, formKey: "Propose");

    private RevisitationApi.Ctx RevisitationCtx => new(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);

    private RevisitationPlannerApi.Ctx PlannerCtx => new(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);

    protected override async Task LoadAsync()
    {
        var now = Clock.GetUtcNow();
        Today = DanishTime.Date(now);
        Year = SchoolYear.Containing(now, Rules.InForceAt(Clock).Rounds.SchoolYearStartMonth);
        OfferName = await Db.Offers.AsNoTracking().Where(o => o.Id == Actor.OfferId).Select(o => o.Name).FirstOrDefaultAsync(Aborted) ?? "";

        var placements = (await PlacementsApi.ListAsync(Caller, new PlacementsApi.Ctx(Db, Rules, Clock, Service<AuditLog>(), HttpContext), Aborted,
            offerId: Actor.OfferId)).Value!.Where(p => p.NextRevisitationDue is not null || p.OpenRevisitationCaseId is not null).ToList();
        var cases = (await RevisitationApi.ListAsync(Caller, RevisitationCtx, Aborted, offerId: Actor.OfferId)).Value!;
        try
        {
            Plan = (await RevisitationPlannerApi.CurrentAsync(Caller, PlannerCtx, Aborted, Year.StartYear)).Value;
        }
        catch (NotFoundException)
        {
            Plan = null; // Not proposed yet for this school year: the page offers to.
        }
        var schools = await Db.Schools.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, Aborted);
        var workflows = Service<WorkflowCatalog>();

        var rows = new List<Row>();
        foreach (var p in placements)
        {
            var open = p.OpenRevisitationCaseId is { } openId ? cases.FirstOrDefault(c => c.Id == openId) : null;
            // A case due or started in this school year and decided is this year's revisitation; the placement's new due date is the next one.
            var decided = open is null
                ? cases.Where(c => c.PlacementId == p.Id && c.State.Code == nameof(RevisitationState.Decided)
                                && (Year.Contains(c.DueDate) || Year.Contains(c.CreatedAt)))
                    .OrderByDescending(c => c.CreatedAt).FirstOrDefault()
                : null;
            var school = schools.GetValueOrDefault(p.DistrictSchoolId, "");
            if (open is not null)
            {
                var state = Enum.Parse<RevisitationState>(open.State.Code);
                var next = NextStep(workflows.Get<RevisitationWorkflow>(RevisitationWorkflow.DefinitionKey, open.WorkflowVersion), state, p.Id);
                rows.Add(new Row(p.Id, p.ChildName, school, open.DueDate, RevisitationDue.IsOverdue(open.DueDate, Today),
                    RevisitationDue.DaysOverdue(open.DueDate, Today), Progress.Running, Show.Capitalised(open.State.Text), open.Id, next.Text, next.Date));
            }
            else if (decided is not null)
            {
                rows.Add(new Row(p.Id, p.ChildName, school, decided.DueDate, false, 0, Progress.Decided,
                    p.NextRevisitationDue is { } again ? $"Afgjort. Næste revisitation senest {Show.Date(again)}" : "Afgjort",
                    decided.Id, null, null));
            }
            else if (p.NextRevisitationDue is { } due)
            {
                var planned = Plan?.Entries.Where(e => e.PlacementId == p.Id).OrderBy(e => e.Date).FirstOrDefault();
                rows.Add(new Row(p.Id, p.ChildName, school, due, RevisitationDue.IsOverdue(due, Today), RevisitationDue.DaysOverdue(due, Today),
                    Progress.NotStarted, "Ikke startet", null,
                    planned is null ? Show.Capitalised(RevisitationStep.PupilConversation.Danish()) : Show.Capitalised(planned.Step.Text), planned?.Date));
            }
        }

        All = rows.OrderBy(r => r.DueDate).ThenBy(r => r.ChildName).ToList();
        Overdue = All.Where(r => r.IsOverdue).ToList();
        Months = Enumerable.Range(0, 12).Select(i => Year.FirstDay.AddMonths(i))
            .Select(first => new Month(first, All.Where(r => r.DueDate.Year == first.Year && r.DueDate.Month == first.Month).ToList()))
            .ToList();
        Later = All.Where(r => r.DueDate > Year.LastDay).ToList();
    }

    /// <summary>
    /// The step after those the state says are done, on the case's own version; the date is the plan's, when
    /// it has one. After the status meeting the handleplan goes out first; after the parent conversation the
    /// plan knows whether a revisitation meeting comes before the decision.
    /// </summary>
    private (string Text, DateOnly? Date) NextStep(RevisitationWorkflow workflow, RevisitationState state, Guid placementId)
    {
        var planned = Plan?.Entries.Where(e => e.PlacementId == placementId).ToList() ?? [];
        DateOnly? DateOf(RevisitationStep step) => planned.FirstOrDefault(e => e.Step.Code == step.ToString())?.Date;
        switch (state)
        {
            case RevisitationState.StatusMeetingHeld:
                return ("Send handleplanen til distriktsskolen", null);
            case RevisitationState.HandleplanSent:
                return ("Venter på distriktsskolelederens svar", DateOf(RevisitationStep.HandleplanAnswer));
        }
        var done = workflow.StepsDoneIn(state);
        var meetingPlanned = planned.Any(e => e.Step.Code == nameof(RevisitationStep.RevisitationMeeting));
        var next = workflow.Steps.FirstOrDefault(s => !done.Contains(s)
            && (s != RevisitationStep.RevisitationMeeting || (meetingPlanned && state == RevisitationState.ParentConversationHeld)));
        return (Show.Capitalised(next.Danish()), DateOf(next));
    }
}
