using System.Reflection;
using Visitation.Workflows.Engine;

namespace Visitation.Api.Infrastructure.Diagrams;

/// <summary>
/// Danish names for a workflow's states and triggers, found by the domain's convention: enums named
/// <c>…State</c> and <c>…Trigger</c> in the definition's namespace with a <c>Danish()</c> extension there.
/// A workflow added later gets Danish labels without changes here; a name without one is shown as it is.
/// </summary>
public static class WorkflowLabels
{
    public static (Func<string, string> State, Func<string, string> Trigger) For(IWorkflowDefinition definition)
    {
        var type = definition.GetType();
        var types = type.Assembly.GetTypes().Where(t => t.Namespace == type.Namespace).ToList();
        var danish = types.Where(t => t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.Name == "Danish" && m.ReturnType == typeof(string) && m.GetParameters() is [{ ParameterType.IsEnum: true }])
            .ToDictionary(m => m.GetParameters()[0].ParameterType);
        Func<string, string> Labeller(string suffix)
        {
            var enumType = types.FirstOrDefault(t => t.IsEnum && t.Name.EndsWith(suffix, StringComparison.Ordinal) && danish.ContainsKey(t));
            if (enumType is null) return name => name;
            var method = danish[enumType];
            return name => Enum.TryParse(enumType, name, out var value) && method.Invoke(null, [value]) is string text && text.Length > 0
                ? char.ToUpper(text[0], Visitation.Workflows.Common.DanishTime.Culture) + text[1..]
                : name;
        }
        return (Labeller("State"), Labeller("Trigger"));
    }
}
