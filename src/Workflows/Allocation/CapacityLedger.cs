using Visitation.Workflows.Common;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Allocation;

/// <summary>
/// One child's hold on a seat in an offer, from <paramref name="From"/> through <paramref name="To"/>.
/// The edge builds these from running placements and from placement decisions whose start lies ahead
/// (pending); a planned phase-out (udslusning) is an end date.
/// </summary>
/// <param name="From">First day in the offer (the decided start date).</param>
/// <param name="To">Last day in the offer, inclusive; null while no end is planned.</param>
/// <param name="HolderId">Whose seat it is (placement, decision or child id), for reading the ledger; not used in the arithmetic.</param>
public sealed record SeatClaim(Guid OfferId, DateOnly From, DateOnly? To, Guid? HolderId = null)
{
    public bool HoldsOn(DateOnly day) => From <= day && (To is null || day <= To.Value);
}

/// <summary>How many seats an offer has. The edge passes <see cref="SpecialOffer.Seats"/>, or the seats planned for a given school year.</summary>
public sealed record OfferSeats(Guid OfferId, int Seats);

/// <summary>The committee's explicit decision to place a child in an offer that is full, and why.</summary>
public sealed record CapacityOverride(string Reason);

/// <summary>The outcome of checking an offer's capacity for a placement from a start date.</summary>
/// <param name="PeakTaken">The most seats held on any day from the start date to the end of that school year.</param>
/// <param name="Refusal">Danish text when the placement is refused; null when it may go ahead.</param>
public sealed record CapacityCheck(Guid OfferId, int Seats, int PeakTaken, bool HasRoom, bool Overridden, string? Refusal)
{
    public bool Allowed => Refusal is null;
    public int SeatsLeft => Seats - PeakTaken;
}

/// <summary>An offer's seats through one school year.</summary>
/// <param name="TakenAtStart">Seats held on the school year's first day.</param>
/// <param name="PeakTaken">The most seats held on any day of the school year.</param>
/// <param name="Pending">Claims decided but not started by <c>asOf</c> that start within the year.</param>
/// <param name="PhasingOut">Claims whose planned end falls within the year: seats they free.</param>
/// <param name="SeatsLeft">Seats free on every day from <c>asOf</c> (or the year's start) to the year's end.</param>
public sealed record OfferYearCapacity(Guid OfferId, SchoolYear Year, int Seats, int TakenAtStart, int PeakTaken, int Pending,
    int PhasingOut, int SeatsLeft);

/// <summary>
/// Seats per offer per school year, taken by placements and pending placement decisions and freed by
/// planned phase-outs. A placement starting on a day needs a free seat on every day from then to the
/// end of that school year: a seat freed at Christmas does not make room for a child starting in
/// October. Immutable; <see cref="With"/> gives the ledger after one more claim, so a meeting or a
/// suggestion can count its own decisions.
/// </summary>
public sealed class CapacityLedger
{
    private readonly IReadOnlyDictionary<Guid, int> _seats;
    private readonly IReadOnlyDictionary<Guid, IReadOnlyList<SeatClaim>> _claims;

    public int SchoolYearStartMonth { get; }

    public CapacityLedger(IEnumerable<OfferSeats> offers, IEnumerable<SeatClaim> claims, int schoolYearStartMonth = 8)
    {
        _seats = offers.ToDictionary(o => o.OfferId, o => o.Seats);
        _claims = claims.GroupBy(c => c.OfferId).ToDictionary(g => g.Key, g => (IReadOnlyList<SeatClaim>)g.ToList());
        SchoolYearStartMonth = schoolYearStartMonth is >= 1 and <= 12
            ? schoolYearStartMonth
            : throw new InvalidInputException("schoolYearStartMonth", "Skoleårets startmåned skal være 1-12.");
    }

    public static CapacityLedger For(IEnumerable<SpecialOffer> offers, IEnumerable<SeatClaim> claims, RuleSet rules) =>
        new(offers.Select(o => new OfferSeats(o.Id, o.Seats)), claims, rules.Rounds.SchoolYearStartMonth);

    public IEnumerable<Guid> OfferIds => _seats.Keys;

    public int Seats(Guid offerId) =>
        _seats.TryGetValue(offerId, out var seats) ? seats : throw new KeyNotFoundException($"Offer {offerId} is not in the capacity ledger.");

    public IReadOnlyList<SeatClaim> Claims(Guid offerId) => _claims.TryGetValue(offerId, out var c) ? c : [];

    public int TakenOn(Guid offerId, DateOnly day) => Claims(offerId).Count(c => c.HoldsOn(day));

    /// <summary>The most seats held on any day from <paramref name="from"/> through <paramref name="to"/>.</summary>
    public int PeakTaken(Guid offerId, DateOnly from, DateOnly to)
    {
        if (to < from) return 0;
        // Occupancy only rises on a claim's first day, so the peak is on the first day or on one of those.
        var claims = Claims(offerId);
        return claims.Select(c => c.From).Where(d => d > from && d <= to).Append(from)
            .Max(day => claims.Count(c => c.HoldsOn(day)));
    }

    /// <summary>Seats free on every day from <paramref name="start"/> to the end of its school year; negative when overfilled.</summary>
    public int SeatsLeftFrom(Guid offerId, DateOnly start) =>
        Seats(offerId) - PeakTaken(offerId, start, SchoolYear.Containing(start, SchoolYearStartMonth).LastDay);

    public OfferYearCapacity ForSchoolYear(Guid offerId, SchoolYear year, DateOnly asOf)
    {
        var claims = Claims(offerId);
        var from = asOf > year.FirstDay ? asOf : year.FirstDay;
        return new OfferYearCapacity(offerId, year, Seats(offerId),
            TakenAtStart: TakenOn(offerId, year.FirstDay),
            PeakTaken: PeakTaken(offerId, year.FirstDay, year.LastDay),
            Pending: claims.Count(c => c.From > asOf && year.Contains(c.From)),
            PhasingOut: claims.Count(c => c.To is { } to && year.Contains(to)),
            SeatsLeft: Seats(offerId) - PeakTaken(offerId, from, year.LastDay));
    }

    public IReadOnlyList<OfferYearCapacity> ForSchoolYear(SchoolYear year, DateOnly asOf) =>
        _seats.Keys.Select(id => ForSchoolYear(id, year, asOf)).ToList();

    private CapacityLedger(IReadOnlyDictionary<Guid, int> seats, IReadOnlyDictionary<Guid, IReadOnlyList<SeatClaim>> claims, int schoolYearStartMonth)
    {
        _seats = seats;
        _claims = claims;
        SchoolYearStartMonth = schoolYearStartMonth;
    }

    /// <summary>
    /// The ledger with one more claim, e.g. a placement just decided at the meeting. Only the claimed offer's list is
    /// copied, so deciding a whole agenda one case after the other stays cheap.
    /// </summary>
    public CapacityLedger With(SeatClaim claim)
    {
        var claims = new Dictionary<Guid, IReadOnlyList<SeatClaim>>(_claims) { [claim.OfferId] = [.. Claims(claim.OfferId), claim] };
        return new CapacityLedger(_seats, claims, SchoolYearStartMonth);
    }

    /// <summary>
    /// Whether a child may be placed in <paramref name="offer"/> from <paramref name="start"/>. When the
    /// offer would be overfilled, only an explicit override with a reason lets the placement through.
    /// </summary>
    public CapacityCheck Check(SpecialOffer offer, DateOnly start, CapacityOverride? capacityOverride)
    {
        var yearEnd = SchoolYear.Containing(start, SchoolYearStartMonth).LastDay;
        var seats = Seats(offer.Id);
        var peak = PeakTaken(offer.Id, start, yearEnd);
        if (peak < seats)
            return new CapacityCheck(offer.Id, seats, peak, HasRoom: true, Overridden: false, Refusal: null);
        if (capacityOverride is not null && !string.IsNullOrWhiteSpace(capacityOverride.Reason))
            return new CapacityCheck(offer.Id, seats, peak, HasRoom: false, Overridden: true, Refusal: null);
        var full = $"{offer.Name} har {seats} pladser, og {peak} er optaget eller lovet væk i perioden " +
                   $"{DanishTime.LongDate(start)} til {DanishTime.LongDate(yearEnd)}. ";
        var refusal = capacityOverride is null
            ? full + "En visitation dertil overfylder tilbuddet og kræver, at udvalget udtrykkeligt tilsidesætter kapaciteten med en begrundelse."
            : full + "Skriv begrundelsen for at tilsidesætte kapaciteten.";
        return new CapacityCheck(offer.Id, seats, peak, HasRoom: false, Overridden: false, Refusal: refusal);
    }

    /// <summary>As <see cref="Check"/>, refusing in Danish (field <c>capacityOverride</c>) when the placement may not go ahead.</summary>
    public CapacityCheck EnsureRoomFor(SpecialOffer offer, DateOnly start, CapacityOverride? capacityOverride)
    {
        var check = Check(offer, start, capacityOverride);
        if (check.Refusal is not null) throw new InvalidInputException("capacityOverride", check.Refusal);
        if (check.Overridden && capacityOverride!.Reason.Trim().Length > 2000)
            throw new InvalidInputException("capacityOverride", "Begrundelsen for at tilsidesætte kapaciteten må højst være 2000 tegn.");
        return check;
    }
}
