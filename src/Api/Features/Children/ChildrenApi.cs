using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;

namespace Visitation.Api.Features.Children;

/// <summary>Children, scoped to who may see them, and each child's access log (GDPR art. 15).</summary>
public static class ChildrenApi
{
    public sealed record ChildSummary(Guid Id, string Name, string CprMasked, Guid DistrictSchoolId, Guid? CurrentOfferId);
    public sealed record GuardianView(Guid Id, string Name, string Address);
    public sealed record ChildDetails(Guid Id, string Name, string CprMasked, DateOnly BirthDate, Guid DistrictSchoolId, Guid? CurrentOfferId, IReadOnlyList<GuardianView> Guardians);
    public sealed record AccessLogEntry(DateTimeOffset At, string Kind, string UserName, string Role, string CaseType, Guid? CaseId, string What);

    public static RouteGroupBuilder MapChildrenApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/children").WithTags("Børn").DisableAntiforgery();
        group.MapGet("", ListAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapGet("/{id:guid}/access-log", AccessLogAsync);
        return group;
    }

    internal static async Task<Ok<List<ChildSummary>>> ListAsync(Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        var actor = caller.Actor;
        var children = actor.Role switch
        {
            Role.CommitteeMember => db.Children,
            Role.DistrictSchoolLeader or Role.Psychologist => db.Children.Where(c => actor.SchoolIds.Contains(c.DistrictSchoolId)),
            Role.OfferLeader => db.Children.Where(c => c.CurrentOfferId != null && c.CurrentOfferId == actor.OfferId),
            Role.Guardian => db.Children.Where(c => actor.ChildIds.Contains(c.Id)),
            _ => throw new Visitation.Workflows.Common.NotPermittedException("Som administrator har du ikke adgang til børns sager."),
        };
        var list = await children.AsNoTracking().OrderBy(c => c.Name).Take(1000).ToListAsync(ct);
        foreach (var child in list) audit.Read(actor, child.Id, "Barn", child.Id, "Så barnet i en oversigt.");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(list.Select(c => new ChildSummary(c.Id, c.Name, c.Cpr.Masked, c.DistrictSchoolId, c.CurrentOfferId)).ToList());
    }

    internal static async Task<Ok<ChildDetails>> GetAsync(Guid id, Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        var child = await LoadVisibleAsync(id, caller.Actor, db, ct);
        var guardians = await db.Guardians.AsNoTracking().Where(g => child.GuardianIds.Contains(g.Id)).ToListAsync(ct);
        audit.Read(caller.Actor, child.Id, "Barn", child.Id, "Læste barnets stamoplysninger.");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ChildDetails(child.Id, child.Name, child.Cpr.Masked, child.Cpr.BirthDate, child.DistrictSchoolId, child.CurrentOfferId,
            guardians.Select(g => new GuardianView(g.Id, g.Name, g.Address)).ToList()));
    }

    internal static async Task<Ok<List<AccessLogEntry>>> AccessLogAsync(Guid id, Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (!CaseAccess.CanReadAccessLog(caller.Actor, id))
        {
            // Someone who may see the child is told why not; others learn nothing about the child.
            var child = await db.Children.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
            if (child is not null && CaseAccess.CanReadChild(caller.Actor, child))
                throw new Visitation.Workflows.Common.NotPermittedException("Adgangsloggen kan kun ses af barnets forældre og af administrationen.");
            throw NotFoundException.Of("Barnet");
        }
        if (!await db.Children.AnyAsync(c => c.Id == id, ct)) throw NotFoundException.Of("Barnet");
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.ChildId == id).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);
        audit.Read(caller.Actor, id, "Adgangslog", id, "Hentede adgangsloggen.");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(entries.Select(e => new AccessLogEntry(e.At, e.Kind == AuditKind.Read ? "Læst" : "Ændret", e.UserName,
            RoleText(e.Role), e.CaseType, e.CaseId, e.What)).ToList());
    }

    /// <summary>The log is read by parents: roles in Danish, the system as "systemet".</summary>
    private static string RoleText(string role) =>
        Enum.TryParse<Role>(role, out var parsed) ? parsed.Danish() : role == "System" ? "systemet" : role;

    private static async Task<Child> LoadVisibleAsync(Guid id, Actor actor, VisitationDbContext db, CancellationToken ct)
    {
        if (actor.Role == Role.Administrator)
            throw new Visitation.Workflows.Common.NotPermittedException("Som administrator har du ikke adgang til børns sager.");
        var child = await db.Children.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (child is null || !CaseAccess.CanReadChild(actor, child)) throw NotFoundException.Of("Barnet");
        return child;
    }
}
