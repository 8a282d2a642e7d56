namespace Visitation.Documents.Layout;

/// <summary>
/// Greedy word wrapping: as many words per line as fit, hard breaks on '\n'. A no-break space
/// (U+00A0) keeps its neighbours on one line ("24. december") and comes out as an ordinary space,
/// so text extraction and search see normal words.
/// </summary>
public static class TextWrapper
{
    public const char NoBreakSpace = '\u00A0';

    public static IReadOnlyList<string> Wrap(string text, TextStyle style, double maxWidth, ITextMeasurer measurer)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(measurer);
        if (maxWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWidth), maxWidth, "The width to wrap within must be positive.");
        }

        var lines = new List<string>();
        var spaceWidth = measurer.Width(" ", style);
        foreach (var hardLine in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var words = hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                lines.Add(string.Empty);
                continue;
            }

            // Width is summed per word rather than re-measuring the growing line: PDFsharp measures
            // advance widths without kerning, so the sum is exact and wrapping stays linear.
            var current = new List<string>();
            var currentWidth = 0.0;
            foreach (var word in words)
            {
                var wordWidth = measurer.Width(word, style);
                var widthWithWord = current.Count == 0 ? wordWidth : currentWidth + spaceWidth + wordWidth;
                if (widthWithWord <= maxWidth)
                {
                    current.Add(word);
                    currentWidth = widthWithWord;
                    continue;
                }

                if (current.Count > 0)
                {
                    lines.Add(string.Join(' ', current));
                    current.Clear();
                    currentWidth = 0;
                }

                if (wordWidth <= maxWidth)
                {
                    current.Add(word);
                    currentWidth = wordWidth;
                    continue;
                }

                // A word wider than the line (a long URL or case reference) is cut where it must be.
                var pieces = BreakWord(word, style, maxWidth, measurer);
                lines.AddRange(pieces.Take(pieces.Count - 1));
                current.Add(pieces[^1]);
                currentWidth = measurer.Width(pieces[^1], style);
            }

            lines.Add(string.Join(' ', current));
        }

        for (var i = 0; i < lines.Count; i++)
        {
            lines[i] = lines[i].Replace(NoBreakSpace, ' ');
        }

        return lines;
    }

    private static List<string> BreakWord(string word, TextStyle style, double maxWidth, ITextMeasurer measurer)
    {
        var pieces = new List<string>();
        var start = 0;
        while (start < word.Length)
        {
            var length = 1;
            while (start + length < word.Length && measurer.Width(word.Substring(start, length + 1), style) <= maxWidth)
            {
                length++;
            }

            pieces.Add(word.Substring(start, length));
            start += length;
        }

        return pieces;
    }
}
