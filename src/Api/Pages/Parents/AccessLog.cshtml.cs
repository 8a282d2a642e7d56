using Visitation.Api.Features.Children;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;

namespace Visitation.Api.Pages.Parents;

/// <summary>Who has read or changed my child's case (GDPR art. 15), newest first.</summary>
[ForRoles(Role.Guardian)]
public sealed class AccessLogModel : VisitationPageModel
{
    public Guid ChildId { get; private set; }
    public string ChildName { get; private set; } = "";
    public IReadOnlyList<ChildrenApi.AccessLogEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(Guid childId)
    {
        ChildId = childId;
        var audit = Service<AuditLog>();
        Entries = (await ChildrenApi.AccessLogAsync(childId, Caller, Db, audit, Aborted)).Value!.AsEnumerable().Reverse().ToList();
        ChildName = (await ChildrenApi.GetAsync(childId, Caller, Db, audit, Aborted)).Value!.Name;
    }
}
