using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Features.Schools;

/// <summary>Schools and special offers: public facts of the municipality, readable by every signed-in user.</summary>
public static class SchoolsApi
{
    public sealed record SchoolView(Guid Id, string Name, string Address, double Latitude, double Longitude, bool IsDistrictSchool);
    public sealed record OfferView(Guid Id, string Name, string Category, string CategoryText, Guid HostSchoolId, int Seats, bool IsActive, int Revision);
    public sealed record CreateOffer(string? Name, string? Category, Guid? HostSchoolId, int? Seats);
    public sealed record ChangeOffer(string? Name, int? Seats, bool? IsActive, int? Revision);

    public static RouteGroupBuilder MapSchoolsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").DisableAntiforgery();
        api.MapGet("/schools", async (VisitationDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.Schools.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct)).Select(ToView).ToList()))
            .WithTags("Skoler");
        api.MapGet("/schools/{id:guid}", async Task<Ok<SchoolView>> (Guid id, VisitationDbContext db, CancellationToken ct) =>
            TypedResults.Ok(ToView(await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw NotFoundException.Of("Skolen"))))
            .WithTags("Skoler");
        api.MapGet("/offers", async (VisitationDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.Offers.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct)).Select(ToView).ToList()))
            .WithTags("Specialtilbud");
        api.MapGet("/offers/{id:guid}", async Task<Ok<OfferView>> (Guid id, VisitationDbContext db, CancellationToken ct) =>
            TypedResults.Ok(ToView(await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw NotFoundException.Of("Specialtilbuddet"))))
            .WithTags("Specialtilbud");
        api.MapPost("/offers", CreateOfferAsync).WithTags("Specialtilbud");
        api.MapPut("/offers/{id:guid}", ChangeOfferAsync).WithTags("Specialtilbud");
        return api;
    }

    private static async Task<Created<OfferView>> CreateOfferAsync(CreateOffer body, Caller caller, VisitationDbContext db, CancellationToken ct)
    {
        caller.Require(Role.Administrator);
        if (!Enum.TryParse<OfferCategory>(body.Category, ignoreCase: true, out var category) || !Enum.IsDefined(category))
            throw new InvalidInputException("category", $"Kategorien skal være en af: {string.Join(", ", Enum.GetNames<OfferCategory>())}.");
        var hostId = body.HostSchoolId ?? throw new InvalidInputException("hostSchoolId", "Angiv hvilken skole tilbuddet ligger på.");
        if (!await db.Schools.AnyAsync(s => s.Id == hostId, ct))
            throw new InvalidInputException("hostSchoolId", "Skolen findes ikke.");
        var offer = new SpecialOffer(Guid.NewGuid(), body.Name ?? "", category, hostId,
            body.Seats ?? throw new InvalidInputException("seats", "Angiv antal pladser."));
        db.Offers.Add(offer);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/offers/{offer.Id}", ToView(offer));
    }

    internal static async Task<Ok<OfferView>> ChangeOfferAsync(Guid id, ChangeOffer body, Caller caller, VisitationDbContext db, CancellationToken ct)
    {
        caller.Require(Role.Administrator);
        var offer = await db.Offers.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw NotFoundException.Of("Specialtilbuddet");
        var revision = body.Revision ?? throw new InvalidInputException("revision", "Angiv den revision af tilbuddet, du har ændret (revision).");
        if (revision != offer.Revision)
            throw new ConcurrentChangeException("Tilbuddet er ændret af en anden, siden du hentede det. Hent det igen.");
        offer.Change(body.Name ?? "", body.Seats ?? throw new InvalidInputException("seats", "Angiv antal pladser."), body.IsActive ?? offer.IsActive);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToView(offer));
    }

    private static SchoolView ToView(School s) => new(s.Id, s.Name, s.Address, s.Location.Latitude, s.Location.Longitude, s.IsDistrictSchool);

    private static OfferView ToView(SpecialOffer o) => new(o.Id, o.Name, o.Category.ToString(), o.Category.Danish(), o.HostSchoolId, o.Seats, o.IsActive, o.Revision);
}
