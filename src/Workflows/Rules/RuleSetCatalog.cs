using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Visitation.Workflows.Referrals;

namespace Visitation.Workflows.Rules;

/// <summary>
/// All rule-set versions, validated when loaded so a broken rule set stops the service at start rather
/// than producing an unlawful deadline later.
/// </summary>
public sealed class RuleSetCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly List<RuleSet> _ruleSets;

    public RuleSetCatalog(IEnumerable<RuleSet> ruleSets)
    {
        _ruleSets = ruleSets.OrderBy(r => r.ValidFrom).ToList();
        if (_ruleSets.Count == 0) throw new InvalidOperationException("Der er ingen regelsæt.");
        foreach (var ruleSet in _ruleSets) Validate(ruleSet);
        var duplicate = _ruleSets.GroupBy(r => r.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Regelsæt {duplicate.Key} findes flere gange.");
    }

    public IReadOnlyList<RuleSet> All => _ruleSets;

    /// <summary>The rule set in force on <paramref name="date"/>; before the first one, the first.</summary>
    public RuleSet InForceOn(DateOnly date) => _ruleSets.LastOrDefault(r => r.ValidFrom <= date) ?? _ruleSets[0];

    /// <summary>The rule set in force on today's date in Denmark.</summary>
    public RuleSet InForceAt(TimeProvider clock) => InForceOn(Common.DanishTime.Date(clock.GetUtcNow()));

    public RuleSet Get(string version) =>
        _ruleSets.FirstOrDefault(r => r.Version == version)
        ?? throw new KeyNotFoundException($"Regelsæt {version} findes ikke.");

    /// <summary>Loads the rule sets shipped with the domain assembly.</summary>
    public static RuleSetCatalog LoadEmbedded()
    {
        var assembly = typeof(RuleSetCatalog).Assembly;
        var sets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("RuleSets.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => Parse(ReadResource(assembly, n), n));
        return new RuleSetCatalog(sets);
    }

    public static RuleSet Parse(string json, string source = "regelsæt")
    {
        try
        {
            return JsonSerializer.Deserialize<RuleSet>(json, Json)
                   ?? throw new InvalidOperationException($"{source} er tomt.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{source} kan ikke læses: {e.Message}", e);
        }
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Validate(RuleSet r)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(r.Version)) errors.Add("version mangler");
        if (r.ValidFrom == default) errors.Add("validFrom mangler");
        if (r.Referral is null) errors.Add("referral mangler");
        else
        {
            var missing = Enum.GetValues<ReferralPartType>().Except(r.Referral.RequiredParts ?? []).ToList();
            if (missing.Count > 0) errors.Add("referral.requiredParts mangler " + string.Join(", ", missing));
            if (r.Referral.IncompleteReminderAfterDays <= 0) errors.Add("referral.incompleteReminderAfterDays skal være positiv");
            if (r.Referral.RoundDeadlineReminderDaysBefore <= 0) errors.Add("referral.roundDeadlineReminderDaysBefore skal være positiv");
            if (r.Referral.DecisionDispatchWithinDays <= 0) errors.Add("referral.decisionDispatchWithinDays skal være positiv");
        }
        if (r.Hearing is null || r.Hearing.MinimumReplyDays <= 0) errors.Add("hearing.minimumReplyDays skal være positiv");
        if (r.Complaints is null || r.Complaints.DeadlineWeeksAfterDelivery <= 0 || string.IsNullOrWhiteSpace(r.Complaints.Board))
            errors.Add("complaints skal have en positiv frist og en klageinstans");
        if (r.Revisitation is null || r.Revisitation.MaxMonthsBetweenDecisions is <= 0 or > 12)
            errors.Add("revisitation.maxMonthsBetweenDecisions skal være 1-12 (mindst én årlig afgørelse)");
        else
        {
            if (r.Revisitation.ReminderDaysBeforeDue is null || r.Revisitation.ReminderDaysBeforeDue.Any(d => d <= 0))
                errors.Add("revisitation.reminderDaysBeforeDue skal være positive antal dage");
            if (r.Revisitation.HandleplanAnswerDays <= 0) errors.Add("revisitation.handleplanAnswerDays skal være positiv");
            if (r.Revisitation.EscalateDaysAfterDue < 0) errors.Add("revisitation.escalateDaysAfterDue må ikke være negativ");
        }
        if (r.Rounds is null || r.Rounds.Cadences is not { Count: > 0 })
            errors.Add("rounds.cadences mangler");
        else
        {
            if (r.Rounds.SchoolYearStartMonth is < 1 or > 12) errors.Add("rounds.schoolYearStartMonth skal være 1-12");
            var uncovered = Enum.GetValues<Schools.OfferCategory>().Except(r.Rounds.Cadences.Select(c => c.Category)).ToList();
            if (uncovered.Count > 0) errors.Add("rounds.cadences mangler " + string.Join(", ", uncovered));
            if (r.Rounds.Cadences.Any(c => c.RoundsPerYear is < 1 or > 12)) errors.Add("rounds.cadences.roundsPerYear skal være 1-12");
            if (r.Rounds.TriageDaysAfterReferralDeadline < 0 || r.Rounds.CommitteeDaysAfterTriage < 0)
                errors.Add("rounds: dage mellem frist, fordelingsmøde og udvalgsmøde må ikke være negative");
        }
        if (r.Ppv is null || r.Ppv.TargetDaysFromRequestToFinal <= 0 || r.Ppv.HearingReplyDays <= 0
            || r.Ppv.ConcurrentAssessmentsPerPsychologist <= 0 || r.Ppv.ReminderDaysBeforeTarget is null || r.Ppv.EscalateDaysAfterTarget < 0)
            errors.Add("ppv skal have positive frister og en kapacitet pr. psykolog");
        if (r.Uploads is null || r.Uploads.MaxBytes <= 0 || r.Uploads.AllowedContentTypes is not { Count: > 0 })
            errors.Add("uploads skal have en størrelsesgrænse og tilladte filtyper");
        if (errors.Count > 0)
            throw new InvalidOperationException($"Regelsæt {r.Version} er ugyldigt: {string.Join("; ", errors)}.");
    }
}
