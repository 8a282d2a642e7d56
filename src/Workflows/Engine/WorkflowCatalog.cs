namespace Visitation.Workflows.Engine;

/// <summary>
/// One version of a workflow definition. All versions of a definition share <see cref="Key"/>; a case
/// records the exact <see cref="Version"/> it started on and keeps running on it.
/// </summary>
public interface IWorkflowDefinition
{
    string Key { get; }
    int Version { get; }
    /// <summary>Only published versions start new cases; unpublished ones are drafts under review.</summary>
    bool IsPublished { get; }
    string Title { get; }
    /// <summary>The state diagram of this version, as Mermaid text.</summary>
    string ToMermaid();
}

public sealed record WorkflowVersionInfo(string Key, int Version, bool IsPublished, bool IsLatest, string Title);

/// <summary>The registry of every workflow definition version the service knows.</summary>
public sealed class WorkflowCatalog
{
    private readonly IReadOnlyList<IWorkflowDefinition> _definitions;

    public WorkflowCatalog(IEnumerable<IWorkflowDefinition> definitions)
    {
        _definitions = definitions.OrderBy(d => d.Key, StringComparer.Ordinal).ThenBy(d => d.Version).ToList();
        var clash = _definitions.GroupBy(d => (d.Key, d.Version)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new InvalidOperationException($"Workflow '{clash.Key.Key}' version {clash.Key.Version} is registered twice.");
    }

    public IReadOnlyList<IWorkflowDefinition> All => _definitions;

    public IEnumerable<string> Keys => _definitions.Select(d => d.Key).Distinct();

    public IReadOnlyList<WorkflowVersionInfo> Versions(string key)
    {
        var latest = _definitions.LastOrDefault(d => d.Key == key && d.IsPublished);
        return _definitions.Where(d => d.Key == key)
            .Select(d => new WorkflowVersionInfo(d.Key, d.Version, d.IsPublished, ReferenceEquals(d, latest), d.Title))
            .ToList();
    }

    /// <summary>The version new cases start on: the highest published one.</summary>
    public T Latest<T>(string key) where T : IWorkflowDefinition =>
        _definitions.OfType<T>().LastOrDefault(d => d.Key == key && d.IsPublished)
        ?? throw new InvalidOperationException($"No published version of workflow '{key}'.");

    /// <summary>The exact version a running case is on.</summary>
    public T Get<T>(string key, int version) where T : IWorkflowDefinition =>
        _definitions.OfType<T>().FirstOrDefault(d => d.Key == key && d.Version == version)
        ?? throw new InvalidOperationException($"Workflow '{key}' version {version} is not registered; a case on it cannot run.");

    public IWorkflowDefinition? Find(string key, int version) =>
        _definitions.FirstOrDefault(d => d.Key == key && d.Version == version);
}
