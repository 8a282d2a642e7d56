using Visitation.Workflows.Access;

namespace Visitation.Workflows.Notifications;

/// <summary>
/// A message to everyone holding a role within a scope (e.g. the district school leader of one school).
/// Addressing by role and scope, not by person, means a new leader sees what was sent to the post.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Role RecipientRole { get; private set; }
    public Guid? RecipientSchoolId { get; private set; }
    public Guid? RecipientOfferId { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public Guid? CaseId { get; private set; }
    public Guid? DeadlineId { get; private set; }

    private Notification() { }

    public Notification(Guid id, DateTimeOffset createdAt, Role recipientRole, Guid? recipientSchoolId, Guid? recipientOfferId,
        string title, string body, Guid? caseId, Guid? deadlineId)
    {
        Id = id;
        CreatedAt = createdAt;
        RecipientRole = recipientRole;
        RecipientSchoolId = recipientSchoolId;
        RecipientOfferId = recipientOfferId;
        Title = title;
        Body = body;
        CaseId = caseId;
        DeadlineId = deadlineId;
    }

    public bool IsFor(Actor actor) =>
        actor.Role == RecipientRole
        && (RecipientSchoolId is null || actor.SchoolIds.Contains(RecipientSchoolId.Value))
        && (RecipientOfferId is null || actor.OfferId == RecipientOfferId);
}
