using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Rounds;

namespace Visitation.Api.Pages.Committee;

/// <summary>A round's referrals: waiting for triage, sorted into the three tracks, on the agenda, decided.</summary>
[ForRoles(Role.CommitteeMember)]
public sealed class RoundModel : VisitationPageModel
{
    public Guid Id { get; private set; }
    public VisitationRound Round { get; private set; } = null!;
    public IReadOnlyList<ReferralSummary> Referrals { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> SchoolNames { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>The committee-meeting feature's address for this round, when that feature is mapped in this build.</summary>
    public string? MeetingUrl { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        Id = id;
        await LoadAsync();
    }

    protected override async Task LoadAsync()
    {
        Round = await Db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, Aborted) ?? throw NotFoundException.Of("Runden");
        Referrals = (await ReferralsApi.ListAsync(Caller, ReferralCtx, Aborted, roundId: Id)).Value!;
        SchoolNames = await Db.Schools.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, Aborted);
        var meeting = Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Any(e => e.RoutePattern.RawText?.Trim('/') == "api/rounds/{roundId:guid}/meeting");
        MeetingUrl = meeting ? $"/api/rounds/{Id}/meeting" : null;
    }
}
