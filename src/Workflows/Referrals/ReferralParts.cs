using Visitation.Workflows.Ppv;

namespace Visitation.Workflows.Referrals;

/// <summary>A document attached to a referral. The bytes live in a stored file; this is the record of it.</summary>
public sealed class ReferralDocument
{
    public Guid Id { get; private set; }
    public ReferralPartType Type { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }
    public string Sha256 { get; private set; } = "";
    public Guid StoredFileId { get; private set; }
    public Guid UploadedByUserId { get; private set; }
    public string UploadedByName { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
    /// <summary>A newer upload of the same part replaces this one but never deletes it.</summary>
    public bool IsCurrent { get; private set; }
    /// <summary>For a PPV part taken from the PPV workflow: the PPV case whose final version this document renders.</summary>
    public Guid? PpvCaseId { get; private set; }
    /// <summary>For a PPV part taken from the PPV workflow: the number of the final version this document renders.</summary>
    public int? PpvVersion { get; private set; }

    /// <summary>
    /// A PPV part uploaded as a file rather than taken from the PPV workflow: made outside it (another
    /// municipality, a private psychologist), so nothing here vouches that it is final.
    /// </summary>
    public bool IsExternal => Type == ReferralPartType.PPV && PpvCaseId is null;

    /// <summary>For an external PPV: who made it (another municipality's PPR, a private psychologist), as the uploader stated.</summary>
    public string? ExternalIssuer { get; private set; }
    /// <summary>For an external PPV: the date the issuer put on it.</summary>
    public DateOnly? ExternalIssuedOn { get; private set; }

    /// <summary>
    /// What the uploader vouched for an external PPV (marked final, issuer, date); null for other parts, for
    /// a PPV from the workflow, and for an external PPV uploaded before the upload asked for it.
    /// </summary>
    public ExternalPpv? External =>
        ExternalIssuer is { } issuer && ExternalIssuedOn is { } on ? new ExternalPpv(issuer, on) : null;

    private ReferralDocument() { }

    internal ReferralDocument(Guid id, ReferralPartType type, StoredFileInfo file, Guid uploadedBy, string uploadedByName, DateTimeOffset at)
    {
        Id = id;
        Type = type;
        FileName = file.FileName;
        ContentType = file.ContentType;
        Length = file.Length;
        Sha256 = file.Sha256;
        StoredFileId = file.StoredFileId;
        UploadedByUserId = uploadedBy;
        UploadedByName = uploadedByName;
        UploadedAt = at;
        IsCurrent = true;
    }

    internal void Supersede() => IsCurrent = false;

    internal void MarkExternal(ExternalPpv external)
    {
        ExternalIssuer = external.Issuer;
        ExternalIssuedOn = external.IssuedOn;
    }

    internal void LinkToPpv(Guid ppvCaseId, int version)
    {
        PpvCaseId = ppvCaseId;
        PpvVersion = version;
    }
}

/// <summary>What the domain needs to know of an uploaded file, once the edge has stored and checked it.</summary>
public sealed record StoredFileInfo(Guid StoredFileId, string FileName, string ContentType, long Length, string Sha256);

/// <summary>
/// Partshøring (forvaltningsloven § 19): the parents were given the facts to comment on, with a reply
/// deadline, and possibly replied.
/// </summary>
public sealed class Hearing
{
    public Guid Id { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
    public DateTimeOffset ReplyDeadline { get; private set; }
    public string Subject { get; private set; } = "";
    public string? ParentsReply { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid RecordedByUserId { get; private set; }

    private Hearing() { }

    internal Hearing(Guid id, DateTimeOffset sentAt, DateTimeOffset replyDeadline, string subject, string? reply, DateTimeOffset recordedAt, Guid recordedBy)
    {
        Id = id;
        SentAt = sentAt.ToUniversalTime();
        ReplyDeadline = replyDeadline.ToUniversalTime();
        Subject = subject;
        ParentsReply = reply;
        RecordedAt = recordedAt;
        RecordedByUserId = recordedBy;
    }
}

/// <summary>The committee's decision on a referral. Postponements are decisions too and are kept.</summary>
public sealed class ReferralDecision
{
    public Guid Id { get; private set; }
    public DecisionOutcome Outcome { get; private set; }
    public Guid RoundId { get; private set; }
    public Guid? OfferId { get; private set; }
    public DateOnly? StartDate { get; private set; }
    public string? Recommendations { get; private set; }
    public Guid? PostponedToRoundId { get; private set; }
    public string? MissingForPostponement { get; private set; }
    public string Reasons { get; private set; } = "";
    public DateTimeOffset DecidedAt { get; private set; }
    public Guid DecidedByUserId { get; private set; }
    public string RuleSetVersion { get; private set; } = "";
    /// <summary>When the written decision was sent to the guardians; the dispatch deadline watches it.</summary>
    public DateTimeOffset? DispatchedAt { get; private set; }

    private ReferralDecision() { }

    internal ReferralDecision(Guid id, DecisionOutcome outcome, Guid roundId, Guid? offerId, DateOnly? startDate,
        string? recommendations, Guid? postponedToRoundId, string? missing, string reasons,
        DateTimeOffset decidedAt, Guid decidedBy, string ruleSetVersion)
    {
        Id = id;
        Outcome = outcome;
        RoundId = roundId;
        OfferId = offerId;
        StartDate = startDate;
        Recommendations = recommendations;
        PostponedToRoundId = postponedToRoundId;
        MissingForPostponement = missing;
        Reasons = reasons;
        DecidedAt = decidedAt;
        DecidedByUserId = decidedBy;
        RuleSetVersion = ruleSetVersion;
    }

    public void MarkDispatched(DateTimeOffset at) => DispatchedAt ??= at;
}

/// <summary>One step in the referral's history: who fired which trigger, from which state to which.</summary>
public sealed class ReferralEvent
{
    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public ReferralTrigger Trigger { get; private set; }
    public ReferralState From { get; private set; }
    public ReferralState To { get; private set; }
    public Guid ActorUserId { get; private set; }
    public string ActorName { get; private set; } = "";
    public string ActorRole { get; private set; } = "";
    public string Detail { get; private set; } = "";

    private ReferralEvent() { }

    internal ReferralEvent(DateTimeOffset at, ReferralTrigger trigger, ReferralState from, ReferralState to, Access.Actor actor, string detail)
    {
        Id = Guid.NewGuid();
        At = at;
        Trigger = trigger;
        From = from;
        To = to;
        ActorUserId = actor.UserId;
        ActorName = actor.DisplayName;
        ActorRole = actor.Role.ToString();
        Detail = detail;
    }
}
