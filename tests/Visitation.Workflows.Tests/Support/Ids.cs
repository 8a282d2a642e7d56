namespace Visitation.Workflows.Tests.Support;

/// <summary>Readable, fixed identifiers so failures point at the same object on every run.</summary>
public static class Ids
{
    public static Guid Of(int n) => new($"00000000-0000-0000-0000-{n:000000000000}");
}
