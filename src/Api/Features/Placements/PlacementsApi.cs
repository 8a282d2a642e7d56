using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Features.Placements;

/// <summary>
/// Placements (placeringer): the list and one placement within the caller's scope, the start meeting and
/// the handleplan handover, the due and overdue revisitation lists, and registering a placement decided
/// before the system. A placement from a committee decision is made by <see cref="CreateFromDecisionAsync"/>,
/// in the decision's transaction. Changes answer with an ETag of the revision; send it back in If-Match.
/// </summary>
public static class PlacementsApi
{
    public sealed record RegisterPlacement(Guid? ChildId, Guid? OfferId, DateOnly? StartDate, DateOnly? LastDecisionDate, IReadOnlyList<string>? Goals);
    public sealed record ScheduleStartMeetingRequest(DateTimeOffset? At);
    public sealed record StartMeetingRequest(MeetingBody? Meeting, string? Expectations);
    public sealed record HandoverRequest(DateTimeOffset? HandedOverAt);
    public sealed record EndRequest(string? Reason);
    public sealed record PeopleRequest(IReadOnlyList<ParticipantBody>? People);

    /// <summary>The most rows one page of the due list returns.</summary>
    public const int MaxPage = 500;

    public static RouteGroupBuilder MapPlacementsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/placements").WithTags("Placeringer").DisableAntiforgery();
        group.MapGet("", ListAsync);
        group.MapPost("", RegisterAsync);
        group.MapGet("/due", DueAsync);
        group.MapGet("/overdue", OverdueAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPost("/{id:guid}/start-meeting/schedule", (Guid id, ScheduleStartMeetingRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (p, _, now) => p.ScheduleStartMeeting(c.Actor,
                body.At ?? throw new InvalidInputException("at", "Angiv hvornår opstartsmødet skal holdes."), now)));
        group.MapPost("/{id:guid}/start-meeting", (Guid id, StartMeetingRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (p, _, now) => p.RecordStartMeeting(c.Actor, MeetingBody.ToInput(body.Meeting)!, body.Expectations ?? "", now)));
        group.MapPost("/{id:guid}/handover", (Guid id, HandoverRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (p, _, now) => p.RecordHandleplanHandover(c.Actor,
                body.HandedOverAt ?? throw new InvalidInputException("handedOverAt", "Angiv hvornår handleplanen blev overdraget."), now)));
        group.MapPost("/{id:guid}/full-return", (Guid id, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (p, child, now) => p.CompleteFullReturn(child, c.Actor, now)));
        group.MapPost("/{id:guid}/end", (Guid id, EndRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (p, child, now) => p.EndByCommittee(child, c.Actor, body.Reason ?? "", now)));
        group.MapPut("/{id:guid}/people", SetPeopleAsync);
        return group;
    }

    /// <summary>What every placement endpoint needs, bound as one parameter.</summary>
    public sealed record Ctx(VisitationDbContext Db, RuleSetCatalog Rules, TimeProvider Clock, AuditLog Audit, HttpContext Http);

    /// <summary>
    /// Creates the placement the committee decided on <paramref name="referral"/> (which places the child in
    /// the offer), ending the child's earlier placement if there is one. Shared with the
    /// committee's decision endpoints; the caller saves, so all of it is one transaction.
    /// </summary>
    public static async Task<Placement> CreateFromDecisionAsync(VisitationDbContext db, Referral referral, Child child, Actor actor, RuleSet rules,
        DateTimeOffset now, CancellationToken ct)
    {
        var earlier = await db.Set<Placement>().AsSplitQuery().FirstOrDefaultAsync(p => p.ChildId == child.Id && p.Status != PlacementStatus.Ended, ct);
        return CreateFromDecision(db, referral, child, earlier, actor, rules, now);
    }

    /// <param name="earlier">The child's open placement, if any, read by the caller (e.g. for a whole agenda at once).</param>
    public static Placement CreateFromDecision(VisitationDbContext db, Referral referral, Child child, Placement? earlier, Actor actor, RuleSet rules,
        DateTimeOffset now)
    {
        // The committee's new decision replaces the child's earlier placement (in another offer after a revisitation
        // asked for a change, or in the same offer decided anew); it is ended first, so one placement is open at a time.
        earlier?.EndByCommittee(child, actor, earlier.OfferId == referral.LatestDecision?.OfferId
            ? "Visitationsudvalget har truffet en ny afgørelse om placeringen."
            : "Visitationsudvalget har visiteret barnet til et andet tilbud.", now);
        var goals = GoalsFromHandleplan(referral);
        var placement = Placement.FromDecision(Guid.NewGuid(), referral, child, goals, actor, rules, now);
        db.Add(placement);
        return placement;
    }

    /// <summary>
    /// The goals come from the handleplan, which is a document; until the start meeting turns it into
    /// goals, the placement's goal refers to it, so a placement always says what it is for.
    /// </summary>
    private static IReadOnlyList<string> GoalsFromHandleplan(Referral referral)
    {
        var plan = referral.CurrentDocuments.FirstOrDefault(d => d.Type == ReferralPartType.ActionPlan);
        return plan is null
            ? ["Målene i barnets handleplan, som distriktsskolen overdrager ved opstartsmødet."]
            : [$"Målene i handleplanen fra distriktsskolen ({plan.FileName}, modtaget {DanishTime.LongDate(plan.UploadedAt)})."];
    }

    /// <summary>The same scope as <see cref="PlacementAccess.CanRead"/>, as a database filter.</summary>
    public static IQueryable<Placement> VisibleTo(IQueryable<Placement> placements, Actor actor) => actor.Role switch
    {
        Role.CommitteeMember => placements,
        Role.OfferLeader => placements.Where(p => p.OfferId == actor.OfferId),
        Role.DistrictSchoolLeader or Role.Psychologist => placements.Where(p => actor.SchoolIds.Contains(p.DistrictSchoolId)),
        Role.Guardian => placements.Where(p => actor.ChildIds.Contains(p.ChildId)),
        _ => throw new NotPermittedException("Som administrator har du ikke adgang til børns sager."),
    };

    /// <summary>
    /// The due list's query: placements due within <paramref name="days"/> days (overdue ones first), optionally
    /// for one offer, ordered by due date and id. It reads one range of the (due date, id) index, or of the
    /// (offer, due date, id) index, and a page of it stops early, so its time does not grow with the table.
    /// </summary>
    public static IQueryable<Placement> DueQuery(IQueryable<Placement> visible, DateOnly today, int days, Guid? offerId)
    {
        var query = visible.Where(RevisitationDue.DueWithin(today, days));
        if (offerId is { } id) query = query.Where(p => p.OfferId == id);
        return query.OrderBy(p => p.NextRevisitationDue).ThenBy(p => p.Id);
    }

    /// <summary>A row of one page of the due list, as read from the database.</summary>
    public sealed class DueRow
    {
        public Guid Id { get; init; }
        public Guid ChildId { get; init; }
        public string ChildName { get; init; } = "";
        public Guid OfferId { get; init; }
        public Guid DistrictSchoolId { get; init; }
        public DateOnly Due { get; init; }
        public Guid? OpenRevisitationCaseId { get; init; }
    }

    /// <summary>
    /// One page of the due list with the children's names: the page is cut from the index range first,
    /// then joined to the children, so the join touches only the page's rows. One row more than the page
    /// tells whether there is a next page.
    /// </summary>
    public static IQueryable<DueRow> DuePageQuery(VisitationDbContext db, IQueryable<Placement> visible, DateOnly today, int days, Guid? offerId,
        int offset, int limit)
    {
        if (offset < 0) throw new InvalidInputException("offset", "Startposition må ikke være negativ.");
        if (limit is < 1 or > MaxPage) throw new InvalidInputException("limit", $"Antal rækker skal være mellem 1 og {MaxPage}.");
        return DueQuery(visible, today, days, offerId)
            .Skip(offset)
            .Take(limit + 1)
            .Join(db.Children, p => p.ChildId, c => c.Id, (p, c) => new DueRow
            {
                Id = p.Id, ChildId = p.ChildId, ChildName = c.Name, OfferId = p.OfferId, DistrictSchoolId = p.DistrictSchoolId,
                Due = p.NextRevisitationDue!.Value, OpenRevisitationCaseId = p.OpenRevisitationCaseId,
            })
            .OrderBy(r => r.Due).ThenBy(r => r.Id);
    }

    /// <summary>One page of the due list, as the endpoint returns it (without the audit).</summary>
    public static async Task<DueList> DuePageAsync(VisitationDbContext db, IQueryable<Placement> visible, DateOnly today, int days, Guid? offerId,
        int offset, int limit, CancellationToken ct)
    {
        var rows = await DuePageQuery(db, visible, today, days, offerId, offset, limit).ToListAsync(ct);
        var items = rows.Take(limit).Select(r => new DueItem(r.Id, r.ChildId, r.ChildName, r.OfferId, r.DistrictSchoolId, r.Due,
            r.Due.DayNumber - today.DayNumber, RevisitationDue.IsOverdue(r.Due, today), r.OpenRevisitationCaseId)).ToList();
        return new DueList(today, days, RevisitationDue.Horizon(today, days), offerId, offset, limit, rows.Count > limit, items);
    }

    internal static async Task<Ok<List<PlacementSummary>>> ListAsync(Caller caller, [AsParameters] Ctx x, CancellationToken ct,
        [FromQuery] Guid? offerId = null, [FromQuery] string? status = null)
    {
        var actor = caller.Actor;
        var query = VisibleTo(x.Db.Set<Placement>().AsNoTracking(), actor);
        if (offerId is not null) query = query.Where(p => p.OfferId == offerId);
        if (status is not null)
        {
            if (!Enum.TryParse<PlacementStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                throw new InvalidInputException("status", $"Ukendt status '{status}'. Mulige: {string.Join(", ", Enum.GetNames<PlacementStatus>())}.");
            query = query.Where(p => p.Status == parsed);
        }
        var rows = await query
            .Join(x.Db.Children, p => p.ChildId, c => c.Id, (p, c) => new
            {
                p.Id, p.ChildId, c.Name, p.OfferId, p.DistrictSchoolId, p.Status, p.StartDate, p.LastDecisionDate, p.NextRevisitationDue,
                p.OpenRevisitationCaseId, p.Revision,
            })
            .OrderBy(r => r.Name).ThenBy(r => r.Id)
            .Take(1000)
            .ToListAsync(ct);
        foreach (var row in rows)
            x.Audit.Read(actor, row.ChildId, "Placering", row.Id, "Så placeringen i en oversigt.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(rows.Select(r => new PlacementSummary(r.Id, r.ChildId, r.Name, r.OfferId, r.DistrictSchoolId,
            new(r.Status.ToString(), r.Status.Danish()), r.StartDate, r.LastDecisionDate, r.NextRevisitationDue, r.OpenRevisitationCaseId, r.Revision)).ToList());
    }

    private static async Task<Created<PlacementDetails>> RegisterAsync(RegisterPlacement body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        caller.Require(Role.CommitteeMember);
        var childId = body.ChildId ?? throw new InvalidInputException("childId", "Angiv hvilket barn placeringen gælder (childId).");
        var offerId = body.OfferId ?? throw new InvalidInputException("offerId", "Angiv hvilket specialtilbud barnet går i (offerId).");
        var start = body.StartDate ?? throw new InvalidInputException("startDate", "Angiv hvornår placeringen begyndte (startDate).");
        var last = body.LastDecisionDate ?? throw new InvalidInputException("lastDecisionDate", "Angiv datoen for den seneste afgørelse om placeringen.");
        var child = await x.Db.Children.FirstOrDefaultAsync(c => c.Id == childId, ct)
            ?? throw new InvalidInputException("childId", "Barnet findes ikke.");
        var offer = await x.Db.Offers.FirstOrDefaultAsync(o => o.Id == offerId, ct)
            ?? throw new InvalidInputException("offerId", "Specialtilbuddet findes ikke.");
        if (await x.Db.Set<Placement>().AnyAsync(p => p.ChildId == childId && p.Status != PlacementStatus.Ended, ct)) throw OpenPlacementExists();
        var placement = Placement.Register(Guid.NewGuid(), child, offer, start, last, body.Goals ?? [], caller.Actor, x.Rules.InForceAt(x.Clock), x.Clock.GetUtcNow());
        x.Db.Add(placement);
        try
        {
            await x.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent request: the unique index on open placements per child held.
            x.Db.Entry(placement).State = EntityState.Detached;
            if (await x.Db.Set<Placement>().AnyAsync(p => p.ChildId == childId && p.Status != PlacementStatus.Ended, CancellationToken.None))
                throw OpenPlacementExists();
            throw;
        }
        SetETag(x.Http, placement);
        return TypedResults.Created($"/api/placements/{placement.Id}", await DetailsAsync(placement, x, ct));
    }

    private static WrongStateException OpenPlacementExists() =>
        new("Barnet har allerede en placering, der ikke er afsluttet.");

    private static async Task<Ok<PlacementDetails>> GetAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var placement = await LoadVisibleAsync(id, caller.Actor, x, tracking: false, ct);
        x.Audit.Read(caller.Actor, placement.ChildId, "Placering", placement.Id, "Læste placeringen.");
        await x.Db.SaveChangesAsync(ct);
        SetETag(x.Http, placement);
        return TypedResults.Ok(await DetailsAsync(placement, x, ct));
    }

    private static async Task<Ok<DueList>> DueAsync(Caller caller, [AsParameters] Ctx x, CancellationToken ct,
        [FromQuery] int? days = null, [FromQuery] Guid? offerId = null, [FromQuery] int offset = 0, [FromQuery] int limit = 100)
    {
        var actor = caller.Require(Role.CommitteeMember, Role.OfferLeader, Role.DistrictSchoolLeader, Role.Psychologist).Actor;
        var horizon = days ?? throw new InvalidInputException("days", "Angiv inden for hvor mange dage revisitationen forfalder (days).");
        if (actor.Role == Role.OfferLeader && offerId is not null && offerId != actor.OfferId) throw NotFoundException.Of("Tilbuddet");
        var today = DanishTime.Date(x.Clock.GetUtcNow());
        var list = await DuePageAsync(x.Db, VisibleTo(x.Db.Set<Placement>().AsNoTracking(), actor), today, horizon, offerId, offset, limit, ct);
        foreach (var item in list.Items)
            x.Audit.Read(actor, item.ChildId, "Placering", item.PlacementId, "Så barnet på listen over revisitationer, der forfalder.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(list);
    }

    private static async Task<Ok<OverdueView>> OverdueAsync(Caller caller, [AsParameters] Ctx x, CancellationToken ct, [FromQuery] Guid? offerId = null)
    {
        var actor = caller.Require(Role.CommitteeMember, Role.OfferLeader, Role.DistrictSchoolLeader, Role.Psychologist).Actor;
        if (actor.Role == Role.OfferLeader && offerId is not null && offerId != actor.OfferId) throw NotFoundException.Of("Tilbuddet");
        var today = DanishTime.Date(x.Clock.GetUtcNow());
        var query = VisibleTo(x.Db.Set<Placement>().AsSplitQuery().AsNoTracking(), actor).Where(RevisitationDue.OverdueOn(today));
        if (offerId is not null) query = query.Where(p => p.OfferId == offerId);
        var placements = await query.OrderBy(p => p.NextRevisitationDue).ThenBy(p => p.Id).Take(2000).ToListAsync(ct);
        var caseIds = placements.Where(p => p.OpenRevisitationCaseId != null).Select(p => p.OpenRevisitationCaseId!.Value).ToList();
        var cases = await x.Db.Set<RevisitationCase>().AsSplitQuery().AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToListAsync(ct);
        var list = RevisitationOverdue.List(placements, cases, today).VisibleTo(actor);
        var childIds = list.All.Select(i => i.ChildId).ToList();
        var names = await x.Db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var offerIds = list.PerOffer.Select(o => o.OfferId).ToList();
        var offers = await x.Db.Offers.AsNoTracking().Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        foreach (var item in list.All)
            x.Audit.Read(actor, item.ChildId, "Placering", item.PlacementId, "Så barnet på listen over overskredne revisitationer.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(new OverdueView(today, list.All.Count,
            list.All.Select(i => new OverdueItem(i.PlacementId, i.ChildId, names.GetValueOrDefault(i.ChildId, ""), i.OfferId, i.DistrictSchoolId, i.DueDate,
                i.DaysOverdue, i.CaseId, i.CaseState is { } s ? new(s.ToString(), s.Danish()) : null)).ToList(),
            list.PerOffer.Select(o => new OfferOverdueView(o.OfferId, offers.GetValueOrDefault(o.OfferId, ""), o.Count, o.MostDaysOverdue)).ToList()));
    }

    private static async Task<Ok<PlacementDetails>> SetPeopleAsync(Guid id, PeopleRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        caller.Require(Role.OfferLeader, Role.DistrictSchoolLeader);
        var placement = await LoadForChangeAsync(id, caller.Actor, x, ct);
        if (caller.Actor.Role == Role.OfferLeader && caller.Actor.OfferId != placement.OfferId)
            throw new NotPermittedException("Du har ikke adgang til denne placering.");
        var people = (body.People ?? []).Select((p, i) =>
        {
            var role = ParticipantBody.ParseRole(p?.Role, $"people[{i}].role");
            var name = Guard.Text(p?.Name, $"people[{i}].name", "Navnet", 200);
            return new PlacementPerson(Guid.NewGuid(), placement.Id, role, p?.PersonId ?? Guid.NewGuid(), name);
        }).ToList();
        var existing = await x.Db.Set<PlacementPerson>().Where(p => p.PlacementId == placement.Id).ToListAsync(ct);
        x.Db.RemoveRange(existing);
        x.Db.AddRange(people);
        x.Db.AuditEntries.Add(new AuditEntry(x.Clock.GetUtcNow(), caller.Actor.UserId, caller.Actor.DisplayName, caller.Actor.Role.ToString(), AuditKind.Change,
            placement.ChildId, "Placering", placement.Id,
            $"Angav personerne omkring barnet: {(people.Count == 0 ? "ingen" : string.Join(", ", people.Select(p => $"{p.Name} ({p.Role.Danish()})")))}."));
        await x.Db.SaveChangesAsync(ct);
        SetETag(x.Http, placement);
        return TypedResults.Ok(await DetailsAsync(placement, x, ct));
    }

    private static async Task<Ok<PlacementDetails>> ChangeAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct,
        Action<Placement, Child, DateTimeOffset> change)
    {
        var placement = await LoadForChangeAsync(id, caller.Actor, x, ct);
        var child = await x.Db.Children.FirstAsync(c => c.Id == placement.ChildId, ct);
        change(placement, child, x.Clock.GetUtcNow());
        await x.Db.SaveChangesAsync(ct);
        SetETag(x.Http, placement);
        return TypedResults.Ok(await DetailsAsync(placement, x, ct));
    }

    private static async Task<Placement> LoadForChangeAsync(Guid id, Actor actor, Ctx x, CancellationToken ct)
    {
        var placement = await LoadVisibleAsync(id, actor, x, tracking: true, ct);
        Revisions.EnsureIfMatch(x.Http, placement.Revision, "Placeringen er ændret af en anden, siden du hentede den. Hent den igen, og gentag din ændring.");
        return placement;
    }

    /// <summary>A placement outside the caller's read scope answers 404, so its existence is not revealed.</summary>
    private static async Task<Placement> LoadVisibleAsync(Guid id, Actor actor, Ctx x, bool tracking, CancellationToken ct)
    {
        if (actor.Role == Role.Administrator)
            throw new NotPermittedException("Som administrator har du ikke adgang til børns sager.");
        var query = tracking ? x.Db.Set<Placement>().AsSplitQuery() : x.Db.Set<Placement>().AsSplitQuery().AsNoTracking();
        var placement = await query.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (placement is null || !PlacementAccess.CanRead(actor, placement)) throw NotFoundException.Of("Placeringen");
        return placement;
    }

    private static async Task<PlacementDetails> DetailsAsync(Placement placement, Ctx x, CancellationToken ct)
    {
        var child = await x.Db.Children.AsNoTracking().FirstAsync(c => c.Id == placement.ChildId, ct);
        var offer = await x.Db.Offers.AsNoTracking().FirstAsync(o => o.Id == placement.OfferId, ct);
        var people = await x.Db.Set<PlacementPerson>().AsNoTracking().Where(p => p.PlacementId == placement.Id).ToListAsync(ct);
        return PlacementDetails.From(placement, child, offer, people, DanishTime.Date(x.Clock.GetUtcNow()));
    }

    private static void SetETag(HttpContext http, Placement placement) =>
        Revisions.SetETag(http, placement.Revision);
}
