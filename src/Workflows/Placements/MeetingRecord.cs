using Visitation.Workflows.Access;
using Visitation.Workflows.Common;

namespace Visitation.Workflows.Placements;

/// <summary>
/// Who takes part in a meeting or conversation. Most of them never sign in (the pupil, the contact
/// teacher, the team), so this is not <see cref="Role"/>.
/// </summary>
public enum ParticipantRole
{
    /// <summary>Eleven: the child the case is about.</summary>
    Pupil,
    /// <summary>Kontaktlærer: the teacher who holds the pupil conversation.</summary>
    ContactTeacher,
    /// <summary>Teamet: the child's teachers and pedagogues in the offer; the contact teacher is one of them.</summary>
    Team,
    /// <summary>Forælder med forældremyndighed.</summary>
    Guardian,
    /// <summary>Leder af specialtilbuddet.</summary>
    OfferLeader,
    /// <summary>Leder af barnets distriktsskole.</summary>
    DistrictSchoolLeader,
    /// <summary>Psykolog fra PPR/TCBU.</summary>
    Psychologist,
}

public enum MeetingKind
{
    /// <summary>Opstartsmøde: starts a placement; the district school states its expectations.</summary>
    StartMeeting,
    /// <summary>Elevsamtale: contact teacher and pupil.</summary>
    PupilConversation,
    /// <summary>Barnets egen udtalelse: the child's own statement, from revisitation version 2.</summary>
    ChildStatement,
    /// <summary>Statusmøde: team, offer leader and psychologist.</summary>
    StatusMeeting,
    /// <summary>Forældresamtale: team, pupil and parents.</summary>
    ParentConversation,
    /// <summary>Revisitationsmøde: offer leader, district school leader, psychologist and parents.</summary>
    RevisitationMeeting,
}

public static class MeetingTexts
{
    public static string Danish(this ParticipantRole role) => role switch
    {
        ParticipantRole.Pupil => "eleven",
        ParticipantRole.ContactTeacher => "kontaktlæreren",
        ParticipantRole.Team => "teamet",
        ParticipantRole.Guardian => "forældrene",
        ParticipantRole.OfferLeader => "lederen af specialtilbuddet",
        ParticipantRole.DistrictSchoolLeader => "distriktsskolelederen",
        ParticipantRole.Psychologist => "psykologen",
        _ => role.ToString(),
    };

    public static string Danish(this MeetingKind kind) => kind switch
    {
        MeetingKind.StartMeeting => "opstartsmødet",
        MeetingKind.PupilConversation => "elevsamtalen",
        MeetingKind.ChildStatement => "samtalen om barnets egen udtalelse",
        MeetingKind.StatusMeeting => "statusmødet",
        MeetingKind.ParentConversation => "forældresamtalen",
        MeetingKind.RevisitationMeeting => "revisitationsmødet",
        _ => kind.ToString(),
    };

    /// <summary>The contact teacher is a member of the team, so a contact teacher present means the team is.</summary>
    public static bool Covers(this ParticipantRole present, ParticipantRole required) =>
        present == required || (required == ParticipantRole.Team && present == ParticipantRole.ContactTeacher);
}

/// <summary>A participant as the person recording a meeting enters them.</summary>
public sealed record ParticipantInput(ParticipantRole Role, string Name, Guid? PersonId = null);

/// <summary>A held meeting as entered: when, who, and the minutes.</summary>
public sealed record MeetingInput(DateTimeOffset HeldAt, IReadOnlyList<ParticipantInput> Participants, string Minutes);

public sealed class MeetingParticipant
{
    public ParticipantRole Role { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The person in the municipality's directory, when known; invitations and calendars use it.</summary>
    public Guid? PersonId { get; private set; }

    private MeetingParticipant() { }

    internal MeetingParticipant(ParticipantRole role, string name, Guid? personId)
    {
        Role = role;
        Name = name;
        PersonId = personId;
    }
}

/// <summary>The record of a held meeting (date, participants, minutes), attached to the case it belongs to.</summary>
public sealed class MeetingRecord
{
    private readonly List<MeetingParticipant> _participants = [];

    public Guid Id { get; private set; }
    public MeetingKind Kind { get; private set; }
    public DateTimeOffset HeldAt { get; private set; }
    public string Minutes { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid RecordedByUserId { get; private set; }
    public string RecordedByName { get; private set; } = "";
    public IReadOnlyList<MeetingParticipant> Participants => _participants;

    private MeetingRecord() { }

    private MeetingRecord(Guid id, MeetingKind kind, DateTimeOffset heldAt, string minutes, IEnumerable<MeetingParticipant> participants,
        Actor recordedBy, DateTimeOffset recordedAt)
    {
        Id = id;
        Kind = kind;
        HeldAt = heldAt.ToUniversalTime();
        Minutes = minutes;
        _participants.AddRange(participants);
        RecordedAt = recordedAt;
        RecordedByUserId = recordedBy.UserId;
        RecordedByName = recordedBy.DisplayName;
    }

    public bool HadPresent(ParticipantRole role) => _participants.Any(p => p.Role.Covers(role));

    /// <summary>
    /// Checks a held meeting and makes its record. Refused in Danish when it lies in the future, before
    /// <paramref name="notBefore"/> (the previous step), or lacks one of the <paramref name="required"/> participants.
    /// </summary>
    public static MeetingRecord Held(MeetingKind kind, MeetingInput? input, IReadOnlyList<ParticipantRole> required,
        Actor recordedBy, DateTimeOffset now, DateTimeOffset? notBefore = null)
    {
        if (input is null)
            throw new InvalidInputException("meeting", $"Oplysningerne om {kind.Danish()} skal udfyldes.");
        if (input.HeldAt > now)
            throw new InvalidInputException("meeting.heldAt", $"{Capitalised(kind.Danish())} kan først registreres, når det er holdt.");
        if (notBefore is { } earliest && DanishTime.Date(input.HeldAt) < DanishTime.Date(earliest))
            throw new InvalidInputException("meeting.heldAt",
                $"{Capitalised(kind.Danish())} kan ikke ligge før det forrige trin ({DanishTime.LongDate(earliest)}).");
        var participants = new List<MeetingParticipant>();
        foreach (var p in input.Participants ?? [])
        {
            if (p is null || !Enum.IsDefined(p.Role))
                throw new InvalidInputException("meeting.participants", "Hver deltager skal have en gyldig rolle.");
            participants.Add(new MeetingParticipant(p.Role, Guard.Text(p.Name, "meeting.participants", "Deltagerens navn"), p.PersonId));
        }
        var missing = required.Where(r => !participants.Any(p => p.Role.Covers(r))).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException("meeting.participants",
                $"I {kind.Danish()} skal disse deltage: {string.Join(", ", required.Select(r => r.Danish()))}. Mangler: {string.Join(", ", missing.Select(r => r.Danish()))}.");
        var minutes = Guard.Text(input.Minutes, "meeting.minutes", "Referatet", 8000);
        return new MeetingRecord(Guid.NewGuid(), kind, input.HeldAt, minutes, participants, recordedBy, now);
    }

    private static string Capitalised(string text) => char.ToUpper(text[0], DanishTime.Culture) + text[1..];
}
