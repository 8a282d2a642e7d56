using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Rounds;

/// <summary>Visitation rounds (visitationsrunder): kept by the administrators, read by everyone who refers or decides.</summary>
public static class RoundsApi
{
    public sealed record RoundView(Guid Id, string Name, string Kind, DateTimeOffset ReferralDeadline, DateTimeOffset TriageMeetingAt,
        DateTimeOffset CommitteeMeetingAt, string Status, int Revision);
    public sealed record PlanRound(string? Name, string? Kind, DateTimeOffset? ReferralDeadline, DateTimeOffset? TriageMeetingAt, DateTimeOffset? CommitteeMeetingAt);

    public static RouteGroupBuilder MapRoundsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds").WithTags("Visitationsrunder").DisableAntiforgery();
        group.MapGet("", async (VisitationDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.Rounds.AsNoTracking().OrderBy(r => r.CommitteeMeetingAt).ToListAsync(ct)).Select(ToView).ToList()));
        group.MapGet("/{id:guid}", async Task<Ok<RoundView>> (Guid id, VisitationDbContext db, CancellationToken ct) =>
            TypedResults.Ok(ToView(await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("Runden"))));
        group.MapPost("", PlanAsync);
        return group;
    }

    private static async Task<Created<RoundView>> PlanAsync(PlanRound body, Caller caller, VisitationDbContext db, RuleSetCatalog rules,
        TimeProvider clock, CancellationToken ct)
    {
        caller.Require(Role.Administrator, Role.CommitteeMember);
        if (!Enum.TryParse<RoundKind>(body.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            throw new InvalidInputException("kind", $"Rundetypen skal være en af: {string.Join(", ", Enum.GetNames<RoundKind>())}.");
        var deadline = body.ReferralDeadline ?? throw new InvalidInputException("referralDeadline", "Angiv henvisningsfristen.");
        var triage = body.TriageMeetingAt ?? throw new InvalidInputException("triageMeetingAt", "Angiv tidspunkt for fordelingsmødet.");
        var committee = body.CommitteeMeetingAt ?? throw new InvalidInputException("committeeMeetingAt", "Angiv tidspunkt for visitationsudvalgets møde.");
        var round = VisitationRound.Plan(Guid.NewGuid(), body.Name ?? "", kind, deadline, triage, committee, rules.InForceAt(clock), clock.GetUtcNow());
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/rounds/{round.Id}", ToView(round));
    }

    private static RoundView ToView(VisitationRound r) =>
        new(r.Id, r.Name, r.Kind.ToString(), r.ReferralDeadline, r.TriageMeetingAt, r.CommitteeMeetingAt, r.Status.ToString(), r.Revision);
}
