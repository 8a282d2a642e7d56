using Visitation.Workflows.Common;

namespace Visitation.Workflows.Ppv;

/// <summary>Points at one version of a PPV case: what a referral's PPV part and a decision letter cite.</summary>
public readonly record struct PpvReference(Guid PpvCaseId, int Version)
{
    public override string ToString() => $"PPV {PpvCaseId:D} version {Version}";
}

/// <summary>A PPV made outside this workflow (another municipality, a private psychologist), uploaded and marked final by the school.</summary>
public sealed record ExternalPpv(string Issuer, DateOnly IssuedOn);

/// <summary>
/// What a referral may use as its PPV part: a final version from the PPV workflow, or an external PPV
/// uploaded and explicitly marked as final. A draft is never evidence for a decision.
/// </summary>
public static class PpvForReferral
{
    public const string Field = "ppvReference";

    /// <summary>
    /// Returns the final version <paramref name="reference"/> points at, or refuses in Danish: a case that
    /// does not exist or is about another child, a version that is not final (a draft), a version replaced
    /// by a newer final one, or a PPV the parents have not consented to share with the committee.
    /// </summary>
    /// <param name="ppv">The case loaded by <see cref="PpvReference.PpvCaseId"/>; null when there is none.</param>
    /// <param name="referralChildId">The child the referral is about.</param>
    public static PpvVersion RequireFinal(PpvReference reference, PpvCase? ppv, Guid referralChildId)
    {
        if (ppv is null || ppv.Id != reference.PpvCaseId)
            throw new InvalidInputException(Field, "PPV'en findes ikke.");
        if (ppv.ChildId != referralChildId)
            throw new InvalidInputException(Field, "PPV'en handler om et andet barn end henvisningen.");

        var version = ppv.FindVersion(reference.Version);
        if (version is null)
        {
            // The only version numbers without a final version are the one being (or last) worked on: a draft.
            if (reference.Version < 1 || reference.Version > ppv.CurrentRequest.ForVersion)
                throw new InvalidInputException(Field, $"PPV'en har ingen version {reference.Version}.");
            throw new InvalidInputException(Field, "En PPV-kladde kan ikke bruges i en henvisning. " + (ppv.LatestFinal is { } final
                ? $"Brug den endelige version {final.Number}, eller vent, til den nye version har været i høring hos forældrene og er gjort endelig."
                : "PPV'en skal først have været i høring hos forældrene og være gjort endelig."));
        }

        if (ppv.LatestFinal is { } latest && latest.Number > version.Number)
            throw new InvalidInputException(Field,
                $"Version {version.Number} af PPV'en er afløst af version {latest.Number}. Brug den nyeste endelige version.");
        if (!ppv.HasConsent(ConsentScopes.SharingWithCommittee))
            throw new InvalidInputException(Field,
                "PPV'en kan ikke indgå i henvisningen, fordi forældrene ikke har givet samtykke til, at den deles med visitationsudvalget.");
        return version;
    }

    /// <summary>
    /// Accepts an uploaded external PPV only when the uploader marks it as final and names who made it
    /// and when; the file itself is checked and stored by the edge like any other referral document.
    /// The fields are named as the upload form names them, so a refusal points at the field to fill in.
    /// </summary>
    public static ExternalPpv RequireExternal(string? issuer, DateOnly? issuedOn, bool markedFinal, DateTimeOffset now)
    {
        if (!markedFinal)
            throw new InvalidInputException(MarkedFinalField,
                "En uploadet PPV skal markeres som en endelig PPV fra en ekstern udsteder. En PPV-kladde kan ikke bruges i en henvisning.");
        var who = Guard.Text(issuer, IssuerField, "Hvem der har udarbejdet PPV'en", 200);
        if (issuedOn is not { } date)
            throw new InvalidInputException(IssuedOnField, "Angiv PPV'ens dato (den dato, den eksterne udsteder har dateret den).");
        if (date > DanishTime.Date(now))
            throw new InvalidInputException(IssuedOnField, "PPV'ens dato kan ikke ligge i fremtiden.");
        return new ExternalPpv(who, date);
    }

    public const string IssuerField = "issuer";
    public const string IssuedOnField = "issuedOn";
    public const string MarkedFinalField = "markedFinal";
}
