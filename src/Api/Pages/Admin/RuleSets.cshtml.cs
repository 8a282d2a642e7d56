using System.Text.Json;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Pages.Admin;

/// <summary>The rule-set versions (read only): the legal and municipal parameters each case is decided under.</summary>
[ForRoles(Role.Administrator)]
public sealed class RuleSetsModel : VisitationPageModel
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public IReadOnlyList<RuleSet> All { get; private set; } = [];
    public RuleSet InForce { get; private set; } = null!;

    public static string Json(RuleSet rules) => JsonSerializer.Serialize(rules, Indented);

    public void OnGet()
    {
        All = Rules.All.OrderByDescending(r => r.ValidFrom).ToList();
        InForce = Rules.InForceAt(Clock);
    }
}
