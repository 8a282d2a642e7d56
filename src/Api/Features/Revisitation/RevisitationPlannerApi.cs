using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Placements;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate, not a sibling namespace.
using Visitation.Workflows.Placements;

/// <summary>
/// The offer leader's revisitation plan for a school year: proposed (and re-proposed, keeping the dates
/// already given while they still work) from every child's due date and remaining steps, moved step by
/// step by the leader, and the invitations to the participants. Only the offer's leader sees its plan.
/// </summary>
public static class RevisitationPlannerApi
{
    public sealed record BusyBody(Guid? PersonId, IReadOnlyList<DateOnly>? Dates);
    /// <param name="SchoolYear">The year the school year starts in (2026 for 2026/27); default the current one.</param>
    /// <param name="Busy">Days people cannot take part; the plan avoids them.</param>
    /// <param name="ClosedDates">Days the offer is closed, besides weekends, public holidays and July.</param>
    public sealed record ProposeRequest(Guid? OfferId, int? SchoolYear, IReadOnlyList<BusyBody>? Busy, IReadOnlyList<DateOnly>? ClosedDates, int? MaxMeetingsPerDay);
    public sealed record MoveRequest(Guid? PlacementId, string? Step, DateOnly? Date, IReadOnlyList<BusyBody>? Busy, IReadOnlyList<DateOnly>? ClosedDates,
        int? MaxMeetingsPerDay);

    public sealed record PlanEntryView(Guid Id, Guid PlacementId, Guid ChildId, string ChildName, Guid? CaseId, CodeAndText Step, DateOnly Date,
        DateOnly DueDate, bool IsMeeting, bool MovedByLeader, IReadOnlyList<PersonView> Participants);
    public sealed record PlanProblemView(Guid PlacementId, CodeAndText? Step, string Message);
    public sealed record PlanView(Guid Id, Guid OfferId, string SchoolYear, DateOnly SchoolYearStart, DateOnly SchoolYearEnd, DateTimeOffset UpdatedAt,
        int Revision, IReadOnlyList<PlanEntryView> Entries, IReadOnlyList<PlanProblemView> Problems);
    public sealed record InvitationView(Guid PlanEntryId, Guid PlacementId, Guid ChildId, CodeAndText Step, DateOnly Date, CodeAndText Role, Guid PersonId, string Name);
    public sealed record MoveResult(PlanView Plan, IReadOnlyList<InvitationView> Invitations);
    public sealed record SendResult(int Invitations, int Notified, int AlreadyNotified);

    public static RouteGroupBuilder MapRevisitationPlannerApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/revisitation-plans").WithTags("Revisitation").DisableAntiforgery();
        group.MapPost("", ProposeAsync);
        group.MapGet("", CurrentAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPost("/{id:guid}/moves", MoveAsync);
        group.MapGet("/{id:guid}/invitations", InvitationsAsync);
        group.MapPost("/{id:guid}/invitations/send", SendInvitationsAsync);
        return group;
    }

    public sealed record Ctx(VisitationDbContext Db, WorkflowCatalog Workflows, RuleSetCatalog Rules, TimeProvider Clock, AuditLog Audit, HttpContext Http);

    internal static async Task<Ok<PlanView>> ProposeAsync(ProposeRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.OfferLeader).Actor;
        var offerId = body.OfferId ?? actor.OfferId ?? throw new InvalidInputException("offerId", "Angiv hvilket tilbud planen gælder.");
        if (offerId != actor.OfferId) throw new NotPermittedException("Du kan kun planlægge revisitationer i dit eget tilbud.");
        var rules = x.Rules.InForceAt(x.Clock);
        var now = x.Clock.GetUtcNow();
        var year = body.SchoolYear is { } start
            ? new SchoolYear(start, rules.Rounds.SchoolYearStartMonth)
            : SchoolYear.Containing(now, rules.Rounds.SchoolYearStartMonth);
        var existing = await x.Db.Set<RevisitationPlan>().AsSplitQuery().FirstOrDefaultAsync(p => p.OfferId == offerId && p.SchoolYearStart == year.FirstDay, ct);
        var horizon = year.LastDay.AddDays(RevisitationPlanner.LookAheadDays);
        var placements = await x.Db.Set<Placement>().AsSplitQuery().AsNoTracking()
            .Where(p => p.OfferId == offerId && p.NextRevisitationDue != null && p.NextRevisitationDue <= horizon)
            .ToListAsync(ct);
        var subjects = await SubjectsAsync(x, placements, ct);
        var proposal = RevisitationPlanner.Propose(Guid.NewGuid(), actor, offerId, year, subjects, Calendar(body.Busy), rules, now,
            Options(body.ClosedDates, body.MaxMeetingsPerDay), existing);
        if (existing is null) x.Db.Add(proposal.Plan);
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(proposal.Plan, proposal.Problems, actor, x, ct));
    }

    internal static async Task<Ok<PlanView>> CurrentAsync(Caller caller, [AsParameters] Ctx x, CancellationToken ct, [FromQuery] int? schoolYear = null)
    {
        var actor = caller.Require(Role.OfferLeader).Actor;
        var rules = x.Rules.InForceAt(x.Clock);
        var year = schoolYear is { } start
            ? new SchoolYear(start, rules.Rounds.SchoolYearStartMonth)
            : SchoolYear.Containing(x.Clock.GetUtcNow(), rules.Rounds.SchoolYearStartMonth);
        var plan = await x.Db.Set<RevisitationPlan>().AsSplitQuery().AsNoTracking().FirstOrDefaultAsync(p => p.OfferId == actor.OfferId && p.SchoolYearStart == year.FirstDay, ct)
            ?? throw NotFoundException.Of($"Revisitationsplanen for {year.Name}");
        return TypedResults.Ok(await ViewAsync(plan, [], actor, x, ct));
    }

    private static async Task<Ok<PlanView>> GetAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var plan = await LoadAsync(id, caller.Actor, x, tracking: false, ct);
        return TypedResults.Ok(await ViewAsync(plan, [], caller.Actor, x, ct));
    }

    internal static async Task<Ok<MoveResult>> MoveAsync(Guid id, MoveRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var plan = await LoadAsync(id, caller.Actor, x, tracking: true, ct);
        var placementId = body.PlacementId ?? throw new InvalidInputException("placementId", "Angiv hvilket barns trin der flyttes (placementId).");
        var step = Enum.TryParse<RevisitationStep>(body.Step, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(body.Step, out _)
            ? parsed
            : throw new InvalidInputException("step", $"Ukendt trin '{body.Step}'. Mulige: {string.Join(", ", Enum.GetValues<RevisitationStep>().Select(s => $"{s} ({s.Danish()})"))}.");
        var date = body.Date ?? throw new InvalidInputException("date", "Angiv den nye dato.");
        var placement = await x.Db.Set<Placement>().AsSplitQuery().AsNoTracking().FirstOrDefaultAsync(p => p.Id == placementId && p.OfferId == plan.OfferId, ct)
            ?? throw new InvalidInputException("placementId", "Barnet er ikke i planen.");
        if (placement.NextRevisitationDue is null) throw new WrongStateException($"Placeringen skal ikke revisiteres (den er {placement.Status.Danish()}).");
        var subject = (await SubjectsAsync(x, [placement], ct)).Single();
        var invitations = RevisitationPlanner.Move(plan, caller.Actor, subject, step, date, Calendar(body.Busy), x.Rules.InForceAt(x.Clock), x.Clock.GetUtcNow(),
            Options(body.ClosedDates, body.MaxMeetingsPerDay));
        x.Db.AuditEntries.Add(new AuditEntry(x.Clock.GetUtcNow(), caller.Actor.UserId, caller.Actor.DisplayName, caller.Actor.Role.ToString(), AuditKind.Change,
            placement.ChildId, "Revisitationsplan", plan.Id, $"Flyttede {step.Danish()} til den {DanishTime.LongDate(date)}."));
        await x.Db.SaveChangesAsync(ct);
        var view = await ViewAsync(plan, [], caller.Actor, x, ct);
        return TypedResults.Ok(new MoveResult(view, invitations.Select(i => ToView(i)).ToList()));
    }

    private static async Task<Ok<List<InvitationView>>> InvitationsAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct,
        [FromQuery] DateOnly? from = null, [FromQuery] DateOnly? to = null)
    {
        var plan = await LoadAsync(id, caller.Actor, x, tracking: false, ct);
        var invitations = plan.Invitations().Where(i => (from is null || i.Date >= from) && (to is null || i.Date <= to)).ToList();
        foreach (var childId in invitations.Select(i => i.ChildId).Distinct())
            x.Audit.Read(caller.Actor, childId, "Revisitationsplan", plan.Id, "Så invitationerne til barnets revisitationsmøder.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(invitations.Select(i => ToView(i)).ToList());
    }

    /// <summary>
    /// Sends the invitations that can go through the system: to the district school leader and the
    /// psychologist of the child's school, as notifications. The pupil, the team and the parents are on the
    /// list for the offer leader to invite. A notification's id is made from the entry, date and person, so
    /// sending again adds nothing, and a moved meeting is a new invitation.
    /// </summary>
    private static async Task<Ok<SendResult>> SendInvitationsAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var plan = await LoadAsync(id, caller.Actor, x, tracking: false, ct);
        var today = DanishTime.Date(x.Clock.GetUtcNow());
        var invitations = plan.Invitations().Where(i => i.Date > today && i.Role is ParticipantRole.DistrictSchoolLeader or ParticipantRole.Psychologist).ToList();
        var placementIds = invitations.Select(i => i.PlacementId).Distinct().ToList();
        var schools = await x.Db.Set<Placement>().AsNoTracking().Where(p => placementIds.Contains(p.Id))
            .Select(p => new { p.Id, p.DistrictSchoolId }).ToDictionaryAsync(p => p.Id, p => p.DistrictSchoolId, ct);
        var offer = await x.Db.Offers.AsNoTracking().FirstAsync(o => o.Id == plan.OfferId, ct);
        var ids = invitations.Select(NotificationId).ToList();
        var sent = (await x.Db.Notifications.AsNoTracking().Where(n => ids.Contains(n.Id)).Select(n => n.Id).ToListAsync(ct)).ToHashSet();
        var now = x.Clock.GetUtcNow();
        var added = 0;
        foreach (var invitation in invitations)
        {
            var notificationId = NotificationId(invitation);
            if (!sent.Add(notificationId)) continue;
            var meeting = RevisitationSteps.Of(invitation.Step).MeetingKind!.Value;
            var role = invitation.Role == ParticipantRole.DistrictSchoolLeader ? Role.DistrictSchoolLeader : Role.Psychologist;
            x.Db.Notifications.Add(new Notification(notificationId, now, role, schools[invitation.PlacementId], null,
                $"Invitation: {meeting.Danish()} den {DanishTime.LongDate(invitation.Date)}",
                $"{invitation.Name} inviteres til {meeting.Danish()} i {offer.Name} den {DanishTime.LongDate(invitation.Date)} "
                + $"om revisitationen af et barn fra jeres skole. Se revisitationen for detaljer.",
                invitation.PlacementId, null));
            added++;
        }
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(new SendResult(invitations.Count, added, invitations.Count - added));
    }

    private static Guid NotificationId(Invitation invitation)
    {
        var key = FormattableString.Invariant($"revisitation-invitation:{invitation.PlanEntryId}:{invitation.Date:yyyy-MM-dd}:{invitation.Role}:{invitation.PersonId}");
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }

    /// <summary>Each placement as the planner sees it: its open case on that case's version, or all steps of the latest version.</summary>
    private static async Task<List<PlanningSubject>> SubjectsAsync(Ctx x, IReadOnlyCollection<Placement> placements, CancellationToken ct)
    {
        var caseIds = placements.Where(p => p.OpenRevisitationCaseId != null).Select(p => p.OpenRevisitationCaseId!.Value).ToList();
        var cases = await x.Db.Set<RevisitationCase>().AsSplitQuery().AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var people = await PlacementPeopleDirectory.ForAsync(x.Db, placements, ct);
        var latest = x.Workflows.Latest<RevisitationWorkflow>(RevisitationWorkflow.DefinitionKey);
        return placements.Select(p =>
        {
            var open = p.OpenRevisitationCaseId is { } caseId ? cases.GetValueOrDefault(caseId) : null;
            var workflow = open is null ? latest : x.Workflows.Get<RevisitationWorkflow>(open.WorkflowKey, open.WorkflowVersion);
            return PlanningSubject.For(p, open, workflow, people[p.Id]);
        }).ToList();
    }

    private static async Task<RevisitationPlan> LoadAsync(Guid id, Actor actor, Ctx x, bool tracking, CancellationToken ct)
    {
        var query = tracking ? x.Db.Set<RevisitationPlan>().AsSplitQuery() : x.Db.Set<RevisitationPlan>().AsSplitQuery().AsNoTracking();
        var plan = await query.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null || !RevisitationAccess.CanReadPlan(actor, plan)) throw NotFoundException.Of("Revisitationsplanen");
        return plan;
    }

    private static async Task<PlanView> ViewAsync(RevisitationPlan plan, IReadOnlyList<PlanProblem> problems, Actor actor, Ctx x, CancellationToken ct)
    {
        var childIds = plan.Entries.Select(e => e.ChildId).Distinct().ToList();
        var names = await x.Db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        foreach (var childId in childIds) x.Audit.Read(actor, childId, "Revisitationsplan", plan.Id, "Så barnet i revisitationsplanen.");
        await x.Db.SaveChangesAsync(ct);
        var year = new SchoolYear(plan.SchoolYearStart.Year, plan.SchoolYearStart.Month);
        return new PlanView(plan.Id, plan.OfferId, year.Name, plan.SchoolYearStart, plan.SchoolYearEnd, plan.UpdatedAt, plan.Revision,
            plan.Entries.OrderBy(e => e.Date).ThenBy(e => e.PlacementId).ThenBy(e => e.Step).Select(e => new PlanEntryView(e.Id, e.PlacementId, e.ChildId,
                names.GetValueOrDefault(e.ChildId, ""), e.CaseId, new(e.Step.ToString(), e.Step.Danish()), e.Date, e.DueDate, e.IsMeeting, e.MovedByLeader,
                e.Participants.Select(p => new PersonView(new(p.Role.ToString(), p.Role.Danish()), p.PersonId, p.Name)).ToList())).ToList(),
            problems.Select(p => new PlanProblemView(p.PlacementId, p.Step is { } s ? new(s.ToString(), s.Danish()) : null, p.Message)).ToList());
    }

    private static InvitationView ToView(Invitation i) => new(i.PlanEntryId, i.PlacementId, i.ChildId, new(i.Step.ToString(), i.Step.Danish()), i.Date,
        new(i.Role.ToString(), i.Role.Danish()), i.PersonId, i.Name);

    private static AvailabilityCalendar Calendar(IReadOnlyList<BusyBody>? busy)
    {
        var calendar = AvailabilityCalendar.Empty;
        foreach (var (person, i) in (busy ?? []).Select((b, i) => (b, i)))
            calendar.Busy(person?.PersonId ?? throw new InvalidInputException($"busy[{i}].personId", "Angiv hvem der er optaget (personId)."),
                person.Dates ?? []);
        return calendar;
    }

    private static PlannerOptions Options(IReadOnlyList<DateOnly>? closed, int? maxMeetingsPerDay) =>
        new(maxMeetingsPerDay ?? PlannerOptions.DefaultMaxMeetingsPerDay, closed?.ToHashSet());
}
