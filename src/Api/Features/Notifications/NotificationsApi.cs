using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;

namespace Visitation.Api.Features.Notifications;

/// <summary>The caller's reminders and notices (deadlines reached, decisions made).</summary>
public static class NotificationsApi
{
    public sealed record NotificationView(Guid Id, DateTimeOffset CreatedAt, string Title, string Body, Guid? CaseId);

    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifikationer");
        group.MapGet("", ListAsync);
        return group;
    }

    private static async Task<Ok<List<NotificationView>>> ListAsync(Caller caller, VisitationDbContext db, CancellationToken ct)
    {
        var actor = caller.Actor;
        var schoolIds = actor.SchoolIds.ToList();
        var query = db.Notifications.AsNoTracking().Where(n => n.RecipientRole == actor.Role
            && (n.RecipientSchoolId == null || schoolIds.Contains(n.RecipientSchoolId.Value))
            && (n.RecipientOfferId == null || n.RecipientOfferId == actor.OfferId));
        var list = await query.OrderByDescending(n => n.CreatedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(list.Select(n => new NotificationView(n.Id, n.CreatedAt, n.Title, n.Body, n.CaseId)).ToList());
    }
}
