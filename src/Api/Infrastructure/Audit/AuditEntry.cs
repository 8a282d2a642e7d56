namespace Visitation.Api.Infrastructure.Audit;

public enum AuditKind
{
    Read,
    Change,
}

/// <summary>
/// One read or change of a child's case: who, in which role, did what, when, to which case. Written in
/// the same transaction as the change it records, and exported to the guardians on request.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid UserId { get; private set; }
    public string UserName { get; private set; } = "";
    public string Role { get; private set; } = "";
    public AuditKind Kind { get; private set; }
    public Guid ChildId { get; private set; }
    public string CaseType { get; private set; } = "";
    public Guid? CaseId { get; private set; }
    public string What { get; private set; } = "";

    private AuditEntry() { }

    public AuditEntry(DateTimeOffset at, Guid userId, string userName, string role, AuditKind kind, Guid childId,
        string caseType, Guid? caseId, string what)
    {
        At = at;
        UserId = userId;
        UserName = userName;
        Role = role;
        Kind = kind;
        ChildId = childId;
        CaseType = caseType;
        CaseId = caseId;
        What = what;
    }
}
