using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Workflows.Common;
using Visitation.Workflows.Decisions;

namespace Visitation.Api.Infrastructure.Errors;

/// <summary>
/// Turns every refusal into a ProblemDetails response with a Danish <c>detail</c>, and the field at
/// fault under <c>errors</c>. A refusal is never a 500; an unexpected fault is, and is logged.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title, detail, field) = Classify(exception);
        if (status == StatusCodes.Status500InternalServerError)
            log.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null)
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        if (exception is IncompleteDecisionException incomplete)
            problem.Extensions["missing"] = incomplete.Missing;
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (int Status, string Title, string Detail, string? Field) Classify(Exception e) => e switch
    {
        InvalidInputException i => (400, "Ugyldige oplysninger", i.Message, i.Field),
        IncompleteDecisionException d => (400, "Afgørelsen er ikke fuldstændig", d.Message, null),
        NotPermittedException n => (403, "Ingen adgang", n.Message, null),
        NotFoundException n => (404, "Findes ikke", n.Message, null),
        WrongStateException w => (409, "Handlingen er ikke mulig nu", w.Message, null),
        ConcurrentChangeException c => (409, "Sagen er ændret af en anden", c.Message, null),
        DbUpdateConcurrencyException => (409, "Sagen er ændret af en anden",
            "Sagen er ændret af en anden, siden du hentede den. Hent den igen, og gentag din ændring.", null),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "For stor forespørgsel",
            "Filen eller forespørgslen er for stor.", null),
        BadHttpRequestException b => BadRequest(b),
        DomainException other => (400, "Handlingen blev afvist", other.Message, null),
        _ => (500, "Uventet fejl", "Der opstod en uventet fejl. Prøv igen, og kontakt support, hvis fejlen fortsætter.", null),
    };

    private static (int, string, string, string?) BadRequest(BadHttpRequestException e)
    {
        var json = e.InnerException as JsonException ?? e.InnerException?.InnerException as JsonException;
        if (json?.Path is { Length: > 0 } path && path.TrimStart('$', '.') is { Length: > 0 } field)
        {
            return (400, "Ugyldige oplysninger", $"Feltet '{field}' har en ugyldig værdi eller et ugyldigt format.", field);
        }
        if (json is not null || e.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase))
            return (400, "Ugyldige oplysninger", "Forespørgslens indhold er ikke gyldig JSON.", null);
        if (e.Message.Contains("Required parameter", StringComparison.Ordinal) || e.Message.Contains("body was provided", StringComparison.Ordinal))
            return (400, "Ugyldige oplysninger", "Forespørgslen mangler indhold.", null);
        return (400, "Ugyldig forespørgsel", "Forespørgslen kunne ikke læses. Kontrollér parametre og indhold.", null);
    }
}

public static class ErrorExtensions
{
    public static IServiceCollection AddDanishProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Responses raised by the framework itself (401, 404 on unknown routes, 405, 415) get Danish text too.
            if (ctx.Exception is not null) return;
            var (title, detail) = ctx.ProblemDetails.Status switch
            {
                401 => ("Ikke logget ind", "Du skal være logget ind."),
                403 => ("Ingen adgang", "Du har ikke adgang."),
                404 => ("Findes ikke", "Siden eller ressourcen findes ikke."),
                405 => ("Metoden er ikke tilladt", "Metoden er ikke tilladt her."),
                413 => ("For stor forespørgsel", "Filen eller forespørgslen er for stor."),
                415 => ("Indholdstypen understøttes ikke", "Indholdstypen understøttes ikke. Send JSON eller multipart/form-data."),
                _ => (ctx.ProblemDetails.Title, ctx.ProblemDetails.Detail),
            };
            ctx.ProblemDetails.Title = title;
            ctx.ProblemDetails.Detail ??= detail;
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}
