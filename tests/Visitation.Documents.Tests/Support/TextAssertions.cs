namespace Visitation.Documents.Tests.Support;

/// <summary>Case-sensitive phrase checks: Shouldly's string ShouldContain ignores case by default.</summary>
internal static class TextAssertions
{
    public static void ShouldHave(this string text, string phrase) => text.ShouldContain(phrase, Case.Sensitive);

    /// <summary>
    /// Each phrase appears after the previous one. For blocks that sit beside another column: text
    /// extraction reads across the page, so lines of the two columns interleave.
    /// </summary>
    public static void ShouldHaveInOrder(this string text, params string[] phrases)
    {
        var from = 0;
        foreach (var phrase in phrases)
        {
            var at = text.IndexOf(phrase, from, StringComparison.Ordinal);
            at.ShouldBeGreaterThanOrEqualTo(0, $"\"{phrase}\" should follow the earlier phrases in: {text}");
            from = at + phrase.Length;
        }
    }

    public static void ShouldNotHave(this string text, string phrase) => text.ShouldNotContain(phrase, Case.Sensitive);
}
