using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Common;

namespace Visitation.Api.Infrastructure.Auth;

/// <summary>
/// Development only: lists the demo users and issues a bearer token for any of them, so scripts,
/// tests and a newcomer can act in every role. Not mapped outside Development.
/// </summary>
public static class DevAuthApi
{
    public sealed record DemoUser(Guid Id, string DisplayName, string Role, Guid? SchoolId, Guid? OfferId, Guid? GuardianId);
    public sealed record TokenRequest(Guid? UserId);
    public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, DemoUser User);

    public static IEndpointRouteBuilder MapDevAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/dev").AllowAnonymous().WithTags("Development");
        group.MapGet("/users", ListUsersAsync);
        group.MapPost("/token", IssueTokenAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IReadOnlyList<DemoUser>> ListUsersAsync(VisitationDbContext db, CancellationToken ct) =>
        (await db.Users.AsNoTracking().OrderBy(u => u.Role).ThenBy(u => u.DisplayName).ToListAsync(ct))
            .Select(ToDemoUser).ToList();

    private static async Task<TokenResponse> IssueTokenAsync(TokenRequest request, VisitationDbContext db,
        IConfiguration config, CancellationToken ct)
    {
        if (request.UserId is not { } userId)
            throw new InvalidInputException("userId", "Angiv hvilken demobruger der skal logges ind (userId).");
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new InvalidInputException("userId", "Der findes ingen demobruger med det id.");
        // Token lifetimes are checked by the bearer handler against the real clock, not the domain's.
        var now = TimeProvider.System.GetUtcNow();
        var expires = now.AddHours(8);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthExtensions.DevIssuer,
            Audience = AuthExtensions.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = user.Subject,
                ["name"] = user.DisplayName,
                ["role"] = user.Role.ToString(),
            },
            SigningCredentials = new SigningCredentials(AuthExtensions.DevSigningKey(config), SecurityAlgorithms.HmacSha256),
        });
        return new TokenResponse(token, "Bearer", expires, ToDemoUser(user));
    }

    private static DemoUser ToDemoUser(AppUser u) => new(u.Id, u.DisplayName, u.Role.ToString(), u.SchoolId, u.OfferId, u.GuardianId);
}
