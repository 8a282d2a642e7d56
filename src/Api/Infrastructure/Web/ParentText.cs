using Visitation.Api.Features.Decisions;
using Visitation.Workflows.Decisions;

namespace Visitation.Api.Infrastructure.Web;

/// <summary>Case facts said plainly, for parents.</summary>
public static class ParentText
{
    public static string Complaint(DecisionsApi.ComplaintView complaint) => complaint.Status switch
    {
        nameof(ComplaintStatus.UnderReassessment) =>
            $"Kommunen ser afgørelsen igennem igen og svarer dig senest {Show.Date(complaint.ReassessmentDue)}.",
        nameof(ComplaintStatus.ForwardedToBoard) =>
            "Kommunen har fastholdt afgørelsen og har sendt din klage og sagens papirer til Klagenævnet for Specialundervisning.",
        nameof(ComplaintStatus.DecisionChanged) =>
            "Kommunen har ændret afgørelsen. Du får et nyt brev med den nye afgørelse.",
        _ => "",
    };
}
