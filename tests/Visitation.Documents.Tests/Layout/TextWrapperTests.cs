using Visitation.Documents.Layout;
using Visitation.Documents.Tests.Support;

namespace Visitation.Documents.Tests.Layout;

public class TextWrapperTests
{
    // 10 pt text in the fixed-width measurer: 5 pt per character, so 50 pt holds 10 characters.
    private static readonly TextStyle Style = new("Any", 10);
    private static readonly FixedWidthMeasurer Measurer = new();

    [Test]
    public void Wrap_fits_as_many_words_on_a_line_as_the_width_allows()
    {
        TextWrapper.Wrap("aaa bbb ccc ddd", Style, 50, Measurer).ShouldBe(["aaa bbb", "ccc ddd"]);
    }

    [Test]
    public void Wrap_fills_a_line_exactly_to_the_width()
    {
        TextWrapper.Wrap("aaaa bbbbb ccc", Style, 50, Measurer).ShouldBe(["aaaa bbbbb", "ccc"]);
    }

    [Test]
    public void Wrap_keeps_hard_line_breaks_and_blank_lines()
    {
        TextWrapper.Wrap("one\n\ntwo three", Style, 500, Measurer).ShouldBe(["one", "", "two three"]);
    }

    [Test]
    public void Wrap_collapses_repeated_spaces()
    {
        TextWrapper.Wrap("a    b", Style, 500, Measurer).ShouldBe(["a b"]);
    }

    [Test]
    public void Wrap_cuts_a_word_longer_than_the_line()
    {
        TextWrapper.Wrap("see abcdefghijklmnopqrstuvwxy now", Style, 50, Measurer)
            .ShouldBe(["see", "abcdefghij", "klmnopqrst", "uvwxy now"]);
    }

    [Test]
    public void No_break_space_keeps_words_together_and_is_drawn_as_a_space()
    {
        TextWrapper.Wrap("frist er 24.\u00A0december", Style, 60, Measurer).ShouldBe(["frist er", "24. december"]);
    }

    [Test]
    public void Wrap_refuses_a_width_of_zero()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => TextWrapper.Wrap("x", Style, 0, Measurer));
    }
}
