using Microsoft.AspNetCore.Http.HttpResults;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Workflows;

/// <summary>Workflow definitions with their versions and diagrams, and the rule-set versions.</summary>
public static class WorkflowsApi
{
    public sealed record RuleSetView(string Version, DateOnly ValidFrom, string Description, bool InForce, RuleSet Content);

    public static RouteGroupBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Arbejdsgange og regelsæt");
        group.MapGet("/workflows", (WorkflowCatalog catalog) =>
            TypedResults.Ok(catalog.Keys.SelectMany(catalog.Versions).ToList()));
        group.MapGet("/workflows/{key}/versions", Results<Ok<IReadOnlyList<WorkflowVersionInfo>>, NotFound> (string key, WorkflowCatalog catalog) =>
        {
            var versions = catalog.Versions(key);
            return versions.Count == 0 ? throw NotFoundException.Of($"Arbejdsgangen '{key}'") : TypedResults.Ok(versions);
        });
        group.MapGet("/workflows/{key}/versions/{version:int}/diagram", (string key, int version, WorkflowCatalog catalog) =>
        {
            var definition = catalog.Find(key, version) ?? throw NotFoundException.Of($"Version {version} af arbejdsgangen '{key}'");
            return TypedResults.Text(definition.ToMermaid(), "text/vnd.mermaid; charset=utf-8");
        });
        group.MapGet("/rule-sets", (RuleSetCatalog rules, TimeProvider clock) =>
        {
            var inForce = rules.InForceAt(clock);
            return TypedResults.Ok(rules.All.Select(r => new RuleSetView(r.Version, r.ValidFrom, r.Description, ReferenceEquals(r, inForce), r)).ToList());
        });
        return group;
    }
}
