using Microsoft.AspNetCore.Html;
using Visitation.Api.Infrastructure.Diagrams;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;

namespace Visitation.Api.Pages.Admin;

/// <summary>One version of a workflow: its state diagram drawn from the definition's Mermaid text, and the same as a table.</summary>
[ForRoles(Role.Administrator)]
public sealed class WorkflowModel : VisitationPageModel
{
    public sealed record Row(string From, string Trigger, string To, string? Guard);

    public IWorkflowDefinition Definition { get; private set; } = null!;
    public WorkflowVersionInfo Info { get; private set; } = null!;
    public string Mermaid { get; private set; } = "";
    public IHtmlContent Svg { get; private set; } = HtmlString.Empty;
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public void OnGet(string key, int version)
    {
        var catalog = Service<WorkflowCatalog>();
        Definition = catalog.Find(key, version) ?? throw NotFoundException.Of($"Version {version} af arbejdsgangen '{key}'");
        Info = catalog.Versions(key).Single(v => v.Version == version);
        Mermaid = Definition.ToMermaid();
        var diagram = StateDiagram.ParseMermaid(Mermaid);
        var (state, trigger) = WorkflowLabels.For(Definition);
        // The SVG is built from escaped text only (StateDiagramSvg escapes every label).
        Svg = new HtmlString(StateDiagramSvg.Render(diagram, state, trigger, $"{Definition.Title}, version {version}"));
        Rows = diagram.Transitions.Select(t => new Row(state(t.From), trigger(t.Trigger), state(t.To), t.Guard)).ToList();
    }
}
