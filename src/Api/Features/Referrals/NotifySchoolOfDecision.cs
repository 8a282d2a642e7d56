using MassTransit;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Referrals;

namespace Visitation.Api.Features.Referrals;

/// <summary>
/// Tells the referring district school what the committee decided. Idempotent: the notification's id is
/// the decision's id, so a redelivered message adds nothing.
/// </summary>
public sealed class NotifySchoolOfDecision(VisitationDbContext db) : IConsumer<ReferralDecided>
{
    public async Task Consume(ConsumeContext<ReferralDecided> context)
    {
        var decided = context.Message;
        if (await db.Notifications.AnyAsync(n => n.Id == decided.DecisionId, context.CancellationToken)) return;
        var text = decided.Outcome switch
        {
            DecisionOutcome.Placement => "Visitationsudvalget har visiteret barnet til et specialtilbud. Aftal opstartsmøde og overdragelse af handleplanen med tilbuddets leder.",
            DecisionOutcome.ReturnToGeneral => "Visitationsudvalget har tilbagevist henvisningen. Barnet fortsætter i almentilbuddet med udvalgets anbefalinger.",
            _ => "Visitationsudvalget har udsat sagen til en senere runde. Se i sagen, hvad der mangler.",
        };
        db.Notifications.Add(new Notification(decided.DecisionId, decided.At, Role.DistrictSchoolLeader, decided.DistrictSchoolId, null,
            "Afgørelse i henvisningssag", text, decided.ReferralId, null));
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent redelivery may have won the insert; then the notification exists once.
            if (!await db.Notifications.AsNoTracking().AnyAsync(n => n.Id == decided.DecisionId, context.CancellationToken)) throw;
        }
    }
}
