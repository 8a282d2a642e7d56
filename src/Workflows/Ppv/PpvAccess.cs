using Visitation.Workflows.Access;

namespace Visitation.Workflows.Ppv;

/// <summary>
/// Who may read what of a PPV case. A PPV is health-adjacent sensitive data, so each part has its own
/// readers: the request (who asked, why, when, state, priority, who has it, consents) is visible to the
/// parties and the service; the assessment (notes, drafts, comments) only to the assigned psychologist and
/// only with the parents' consent; the final versions to the parties and to those the parents consented
/// to share with. The administrator keeps the system, not cases, and reads none of it.
/// </summary>
public static class PpvAccess
{
    /// <summary>
    /// The request level. Psychologists see their schools' requests before consent, and the service's
    /// leader sees every request, but neither sees more than the request until the case is theirs.
    /// </summary>
    public static bool CanReadRequest(Actor actor, PpvCase ppv) => actor.Role switch
    {
        Role.DistrictSchoolLeader => actor.SchoolIds.Contains(ppv.DistrictSchoolId),
        Role.Guardian => actor.ChildIds.Contains(ppv.ChildId),
        Role.Psychologist => ppv.IsAssignedTo(actor) || actor.SchoolIds.Contains(ppv.DistrictSchoolId) || PsychologistService.IsLeader(actor),
        _ => false,
    };

    /// <summary>
    /// Assessment notes: the assigned psychologist, and only once every guardian has consented to the
    /// assessment. Without consent nothing about the child goes to the psychologist service beyond the request.
    /// </summary>
    public static bool CanReadNotes(Actor actor, PpvCase ppv) =>
        actor.Role == Role.Psychologist && ppv.IsAssignedTo(actor) && ppv.HasConsent(ConsentScopes.Assessment);

    /// <summary>
    /// A draft: the assigned psychologist (with consent); the child's guardians only for the draft in a
    /// hearing, while the case is in hearing.
    /// </summary>
    public static bool CanReadDraft(Actor actor, PpvCase ppv, PpvDraft draft) => actor.Role switch
    {
        Role.Psychologist => CanReadNotes(actor, ppv),
        Role.Guardian => actor.ChildIds.Contains(ppv.ChildId)
                         && ppv.State == PpvState.InHearing
                         && ppv.CurrentHearing?.DraftId == draft.Id,
        _ => false,
    };

    /// <summary>The parents' hearing comments: the parents themselves and the assigned psychologist (with consent).</summary>
    public static bool CanReadHearingComments(Actor actor, PpvCase ppv) => actor.Role switch
    {
        Role.Psychologist => CanReadNotes(actor, ppv),
        Role.Guardian => actor.ChildIds.Contains(ppv.ChildId),
        _ => false,
    };

    /// <summary>
    /// A final version: the child's guardians; the assigned psychologist (with consent); the district
    /// school leader of the child's school when the parents consented to sharing with the school; a
    /// committee member when the version is attached to a referral on the committee's agenda
    /// (<paramref name="onAgenda"/>, supplied by the caller from the agenda) and the parents consented to
    /// sharing with the committee.
    /// </summary>
    public static bool CanReadFinal(Actor actor, PpvCase ppv, PpvVersion version, IReadOnlySet<PpvReference>? onAgenda = null) =>
        version.PpvCaseId == ppv.Id && actor.Role switch
        {
            Role.Guardian => actor.ChildIds.Contains(ppv.ChildId),
            Role.Psychologist => CanReadNotes(actor, ppv),
            Role.DistrictSchoolLeader => actor.SchoolIds.Contains(ppv.DistrictSchoolId) && ppv.HasConsent(ConsentScopes.SharingWithSchool),
            Role.CommitteeMember => onAgenda is not null && onAgenda.Contains(version.Reference) && ppv.HasConsent(ConsentScopes.SharingWithCommittee),
            _ => false,
        };

    public static IReadOnlyList<PpvVersion> ReadableFinals(Actor actor, PpvCase ppv, IReadOnlySet<PpvReference>? onAgenda = null) =>
        ppv.Versions.Where(v => CanReadFinal(actor, ppv, v, onAgenda)).ToList();

    public static IReadOnlyList<PpvDraft> ReadableDrafts(Actor actor, PpvCase ppv) =>
        ppv.Drafts.Where(d => CanReadDraft(actor, ppv, d)).ToList();
}
