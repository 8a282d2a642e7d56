namespace Visitation.Workflows.Tests.Support;

/// <summary>Readable, fixed identifiers so failures point at the same object on every run.</summary>
public static class Ids
{
    public static Guid Of(int n) => new($"00000000-0000-0000-0000-{n:000000000000}");
}

/// <summary>The triggers a person can fire on a referral; <see cref="Visitation.Workflows.Referrals.ReferralTrigger.Start"/> only names the creation step in the history.</summary>
public static class Triggers
{
    public static IReadOnlyList<Visitation.Workflows.Referrals.ReferralTrigger> Actions { get; } =
        Enum.GetValues<Visitation.Workflows.Referrals.ReferralTrigger>().Where(t => t != Visitation.Workflows.Referrals.ReferralTrigger.Start).ToList();
}
