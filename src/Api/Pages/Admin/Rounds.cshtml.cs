using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Rounds;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Rules;
using CalendarYear = Visitation.Workflows.Common.SchoolYear;

namespace Visitation.Api.Pages.Admin;

/// <summary>
/// The round calendar of a school year: the round kinds per offer category from the rule set, and each round with its
/// referral deadline, triage meeting and committee meeting. A school year not generated yet can be generated here.
/// </summary>
[ForRoles(Role.Administrator)]
public sealed class RoundsModel : VisitationPageModel
{
    /// <summary>The school year shown, as the year it starts in (2026 for 2026/27).</summary>
    [BindProperty(SupportsGet = true, Name = "skoleaar")]
    public int? Year { get; set; }

    /// <summary>The school year to generate, as the API takes it.</summary>
    [BindProperty]
    public int? SchoolYear { get; set; }

    public CalendarYear Shown { get; private set; }
    public IReadOnlyList<CalendarYear> Years { get; private set; } = [];
    public RuleSet RuleSet { get; private set; } = null!;
    public RoundCalendarYear? Generated { get; private set; }
    public IReadOnlyList<RoundsApi.RoundView> Calendar { get; private set; } = [];
    /// <summary>The school year shown has ended: no rounds can be generated for it.</summary>
    public bool IsOver { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostGenerateAsync() => ActAsync(async () =>
    {
        var created = (await RoundsApi.GenerateCalendarAsync(new RoundsApi.GenerateCalendar(SchoolYear), Caller, Db, Rules, Clock, Aborted)).Value!;
        Flash = $"Visitationsrunderne for skoleåret {created.SchoolYearName} er dannet: {created.Rounds.Count} runder efter regelsæt {created.RuleSetVersion}.";
        return Redirect($"/administration/runder?skoleaar={created.SchoolYear}");
    }, formKey: "Generate");

    protected override async Task LoadAsync()
    {
        var startMonth = Rules.InForceAt(Clock).Rounds.SchoolYearStartMonth;
        var today = DanishTime.Date(Clock.GetUtcNow());
        var current = CalendarYear.Containing(today, startMonth);
        // A year outside what a school year can be is shown as the current one rather than refused.
        Year = new[] { Year, SchoolYear }.FirstOrDefault(y => y is >= 2000 and <= 2200) ?? current.StartYear;
        Shown = new CalendarYear(Year.Value, startMonth);
        var generated = await Db.Set<RoundCalendarYear>().AsNoTracking().OrderBy(c => c.SchoolYearStartYear).ToListAsync(Aborted);
        Years = generated.Select(g => g.SchoolYearStartYear).Append(current.StartYear).Append(current.StartYear + 1).Append(Shown.StartYear)
            .Distinct().Order().Select(start => new CalendarYear(start, startMonth)).ToList();
        IsOver = Shown.LastDay < today;
        Generated = generated.FirstOrDefault(g => g.SchoolYearStartYear == Shown.StartYear);
        // The cadences the year's rounds follow: the rule set in force when the year starts, or today once it has started.
        RuleSet = Rules.InForceOn(Shown.FirstDay > today ? Shown.FirstDay : today);
        Calendar = (await RoundsApi.ListAsync(Db, Rules, Clock, Aborted, Shown.StartYear)).Value!;
        if (!HasError(nameof(SchoolYear))) SchoolYear = Shown.StartYear;
    }
}
