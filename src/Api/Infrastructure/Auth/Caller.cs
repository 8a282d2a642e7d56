using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;

namespace Visitation.Api.Infrastructure.Auth;

/// <summary>
/// The signed-in person as the domain sees them: an <see cref="Workflows.Access.Actor"/> with role and
/// scope, resolved from the token's subject and the user table on every request (so a revoked scope
/// takes effect at once). Endpoints take it as a parameter.
/// </summary>
public sealed record Caller(Actor Actor)
{
    public static async ValueTask<Caller?> BindAsync(HttpContext context)
    {
        var subject = context.User.FindFirst("sub")?.Value
            ?? context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value
            ?? throw new NotPermittedException("Du er ikke logget ind.");
        var db = context.RequestServices.GetRequiredService<VisitationDbContext>();
        var actor = await ResolveAsync(db, subject, context.RequestAborted)
            ?? throw new NotPermittedException("Din bruger er ikke oprettet i Visitation. Kontakt administrationen.");
        return new Caller(actor);
    }

    public static async Task<Actor?> ResolveAsync(VisitationDbContext db, string subject, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Subject == subject, ct);
        if (user is null) return null;
        var schools = user.Role switch
        {
            Role.DistrictSchoolLeader when user.SchoolId is { } school => new HashSet<Guid> { school },
            Role.Psychologist => user.ServedSchoolIds.ToHashSet(),
            _ => new HashSet<Guid>(),
        };
        var children = new HashSet<Guid>();
        if (user.Role == Role.Guardian && user.GuardianId is { } guardianId)
        {
            children = (await db.Children.AsNoTracking()
                .Where(c => c.GuardianIds.Contains(guardianId))
                .Select(c => c.Id)
                .ToListAsync(ct)).ToHashSet();
        }
        // An offer leader is scoped to an offer; the psychologist service's leader carries the service's scope id in the same field.
        var offerScope = user.Role is Role.OfferLeader or Role.Psychologist ? user.OfferId : null;
        return new Actor(user.Id, user.DisplayName, user.Role, schools, offerScope, children)
        {
            GuardianId = user.Role == Role.Guardian ? user.GuardianId : null,
        };
    }

    /// <summary>Refuses the request unless the caller holds one of <paramref name="roles"/>.</summary>
    public Caller Require(params Role[] roles)
    {
        if (!roles.Contains(Actor.Role))
            throw new NotPermittedException($"Som {Actor.Role.Danish()} har du ikke adgang til denne funktion.");
        return this;
    }
}
