using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;

namespace Visitation.Api.Pages.Committee;

/// <summary>The committee's start page: the rounds with how far their referrals are, and complete referrals without a round.</summary>
[ForRoles(Role.CommitteeMember)]
public sealed class IndexModel : VisitationPageModel
{
    public sealed record RoundRow(VisitationRound Round, IReadOnlyDictionary<ReferralState, int> Counts)
    {
        public int Count(ReferralState state) => Counts.GetValueOrDefault(state);
        public int Total => Counts.Values.Sum();
    }

    public IReadOnlyList<RoundRow> OpenRounds { get; private set; } = [];
    public IReadOnlyList<RoundRow> ClosedRounds { get; private set; } = [];
    public IReadOnlyList<ReferralSummary> WithoutRound { get; private set; } = [];

    public Task OnGetAsync() => LoadAsync();

    protected override async Task LoadAsync()
    {
        var rounds = await Db.Rounds.AsNoTracking().OrderBy(r => r.CommitteeMeetingAt).ToListAsync(Aborted);
        // Counts only: no child is named, so nothing here is a read of a case.
        var counts = await Db.Referrals.AsNoTracking().Where(r => r.RoundId != null)
            .GroupBy(r => new { r.RoundId, r.State })
            .Select(g => new { g.Key.RoundId, g.Key.State, Count = g.Count() })
            .ToListAsync(Aborted);
        var rows = rounds.Select(r => new RoundRow(r, counts.Where(c => c.RoundId == r.Id).ToDictionary(c => c.State, c => c.Count))).ToList();
        OpenRounds = rows.Where(r => r.Round.Status == RoundStatus.Open).ToList();
        ClosedRounds = rows.Where(r => r.Round.Status != RoundStatus.Open).OrderByDescending(r => r.Round.CommitteeMeetingAt).ToList();
        WithoutRound = (await ReferralsApi.ListAsync(Caller, ReferralCtx, Aborted, state: nameof(ReferralState.Complete))).Value!;
    }
}
