using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Figures;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Figures;

/// <summary>
/// The administration's steering figures per school and for the municipality, per school year: as JSON
/// (<c>GET /api/figures</c>) and as a page of charts with a table under each (<c>GET /figures</c>). Pupil
/// numbers, the denominator of the segregation share, are recorded by the administration.
/// </summary>
public static class FiguresApi
{
    public sealed record SchoolFiguresView(Guid SchoolId, string SchoolName, FigureSet Figures);
    public sealed record FiguresView(int SchoolYear, string SchoolYearName, DateOnly CensusDate, DateOnly AsOf, FigureSet Municipality,
        IReadOnlyList<SchoolFiguresView> Schools);
    public sealed record SchoolPupilsInput(Guid? SchoolId, int? Pupils);
    public sealed record PupilsRequest(int? SchoolYear, IReadOnlyList<SchoolPupilsInput>? Schools);
    public sealed record PupilsView(int SchoolYear, int Schools, int Pupils);

    public static IEndpointRouteBuilder MapFiguresApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/figures").WithTags("Styringstal").DisableAntiforgery();
        api.MapGet("", GetAsync);
        api.MapPut("/pupils", RecordPupilsAsync);
        app.MapGet("/figures", PageAsync).WithTags("Styringstal").ExcludeFromDescription();
        return app;
    }

    private static async Task<Ok<FiguresView>> GetAsync(Caller caller, VisitationDbContext db, RuleSetCatalog rules, TimeProvider clock,
        CancellationToken ct, [FromQuery] int? schoolYear = null)
    {
        caller.Require(Role.Administrator, Role.CommitteeMember);
        return TypedResults.Ok(await BuildAsync(db, rules, clock, schoolYear, ct));
    }

    private static async Task<ContentHttpResult> PageAsync(Caller caller, VisitationDbContext db, RuleSetCatalog rules, TimeProvider clock,
        CancellationToken ct, [FromQuery] int? schoolYear = null)
    {
        caller.Require(Role.Administrator, Role.CommitteeMember);
        var figures = await BuildAsync(db, rules, clock, schoolYear, ct);
        var current = SchoolYear.Containing(clock.GetUtcNow(), rules.InForceAt(clock).Rounds.SchoolYearStartMonth).StartYear;
        return TypedResults.Content(FiguresPage.Render(figures, Enumerable.Range(current - 2, 4).ToList()), "text/html; charset=utf-8");
    }

    /// <summary>Records the pupils of one or more district schools for a school year; a later report for the same school replaces the earlier.</summary>
    private static async Task<Ok<PupilsView>> RecordPupilsAsync(PupilsRequest body, Caller caller, VisitationDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        caller.Require(Role.Administrator);
        var year = body.SchoolYear ?? throw new InvalidInputException("schoolYear", "Angiv skoleåret som året, det begynder (fx 2026 for 2026/27).");
        _ = new SchoolYear(year);
        var given = body.Schools ?? [];
        if (given.Count == 0) throw new InvalidInputException("schools", "Angiv elevtallet for mindst én skole.");
        var ids = given.Select(s => s.SchoolId ?? throw new InvalidInputException("schools", "Angiv skolen (schoolId) for hvert elevtal.")).ToList();
        var known = await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        if (ids.Except(known).Any()) throw new InvalidInputException("schools", "En af skolerne findes ikke.");
        var existing = await db.Set<SchoolEnrolment>().Where(e => e.SchoolYearStartYear == year && ids.Contains(e.SchoolId)).ToDictionaryAsync(e => e.SchoolId, ct);
        var now = clock.GetUtcNow();
        foreach (var school in given)
        {
            var pupils = school.Pupils ?? throw new InvalidInputException("pupils", "Angiv elevtallet for hver skole.");
            if (existing.TryGetValue(school.SchoolId!.Value, out var row)) row.Record(pupils, now);
            else db.Set<SchoolEnrolment>().Add(existing[school.SchoolId.Value] = new SchoolEnrolment(Guid.NewGuid(), school.SchoolId.Value, year, pupils, now));
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new PupilsView(year, existing.Count, existing.Values.Sum(e => e.Pupils)));
    }

    internal static async Task<FiguresView> BuildAsync(VisitationDbContext db, RuleSetCatalog rules, TimeProvider clock, int? schoolYear, CancellationToken ct)
    {
        var startMonth = rules.InForceAt(clock).Rounds.SchoolYearStartMonth;
        var today = DanishTime.Date(clock.GetUtcNow());
        var year = schoolYear is { } start ? new SchoolYear(start, startMonth) : SchoolYear.Containing(today, startMonth);
        var input = await FiguresData.LoadAsync(db, startMonth, today, ct);
        var report = SteeringFigures.Report(input, year, today);
        var names = await db.Schools.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return new FiguresView(year.StartYear, year.Name, report.CensusDate, report.AsOf, report.Municipality,
            report.Schools.Select(s => new SchoolFiguresView(s.SchoolId, names.GetValueOrDefault(s.SchoolId, "Ukendt skole"), s.Figures))
                .OrderBy(s => s.SchoolName, StringComparer.Create(DanishTime.Culture, ignoreCase: false)).ToList());
    }
}
