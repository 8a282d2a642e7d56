using System.Globalization;
using System.Text;
using Visitation.Workflows.Common;
using Visitation.Workflows.Figures;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Visitation.Api.Features.Figures;

/// <summary>
/// The steering figures as one server-rendered page in Danish: a chart (inline SVG, no script) for each figure,
/// each with a title and description for screen readers and the same numbers in a table under it.
/// </summary>
internal static class FiguresPage
{
    private static readonly CultureInfo Da = DanishTime.Culture;

    /// <summary>Okabe–Ito colours: told apart with the common colour-vision deficiencies, and dark enough on white.</summary>
    private static readonly string[] Colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9"];

    private sealed record Bar(string Label, IReadOnlyList<double> Values, bool Emphasised = false);

    public static string Render(FiguresApi.FiguresView f, IReadOnlyList<int> years)
    {
        var m = f.Municipality;
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html>
            <html lang="da">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Styringstal for skoleåret {{E(f.SchoolYearName)}} – Visitation</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; line-height: 1.45; }
            h1 { font-size: 1.7rem; } h2 { font-size: 1.3rem; margin-top: 2.5rem; border-top: 1px solid #ccc; padding-top: 1rem; }
            table { border-collapse: collapse; margin: 1rem 0; width: 100%; } caption { text-align: left; font-weight: 600; padding: .3rem 0; }
            th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1rem 0; } figcaption { font-size: .9rem; color: #444; }
            svg text { font-family: system-ui, sans-serif; font-size: 13px; fill: #1a1a1a; }
            dl.keys { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .5rem 1.5rem; }
            dl.keys div { border: 1px solid #ccc; padding: .5rem .75rem; } dl.keys dt { font-size: .9rem; color: #444; } dl.keys dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
            .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; } .legend span { display: inline-block; width: .9rem; height: .9rem; margin-right: .3rem; vertical-align: -2px; }
            :focus { outline: 3px solid #0072B2; outline-offset: 2px; }
            </style>
            </head>
            <body>
            <header>
            <h1>Styringstal for skoleåret {{E(f.SchoolYearName)}}</h1>
            <p>Opgjort {{E(DanishTime.LongDate(f.AsOf))}}. Andelen i specialtilbud tælles på tælledagen {{E(DanishTime.LongDate(f.CensusDate))}}. Tallene er for hele kommunen og for hver distriktsskole; børn tælles under deres distriktsskole.</p>
            <form method="get" action="/figures">
            <label for="schoolYear">Skoleår</label>
            <select id="schoolYear" name="schoolYear">
            """);
        foreach (var y in years.Append(f.SchoolYear).Distinct().Order())
            html.Append($"<option value=\"{y}\"{(y == f.SchoolYear ? " selected" : "")}>{E(new SchoolYear(y).Name)}</option>\n");
        html.Append("""
            </select>
            <button type="submit">Vis</button>
            </form>
            </header>
            <main>
            <h2 id="noegletal">Nøgletal for kommunen</h2>
            <dl class="keys" aria-labelledby="noegletal">
            """);
        Key(html, "Andel elever i specialtilbud", Percent(m.Segregation.Share));
        Key(html, "Henvisninger i årets runder", m.ReferralsByRound.Sum(r => r.Referrals).ToString(Da));
        Key(html, "Dage fra henvisning til afgørelse (median)", Days(m.TimeToDecision.MedianDays));
        Key(html, "Dage i tilbud for afsluttede forløb (median)", Days(m.TimeInOffer.MedianDays));
        Key(html, "Tilbage i almenundervisningen (hel/delvis)", $"{m.Returns.Full.ToString(Da)} / {m.Returns.Partial.ToString(Da)}");
        Key(html, "Revisitationer til tiden", Percent(m.Revisitations.ShareOnTime));
        html.Append("</dl>\n");

        Segregation(html, f);
        Rounds(html, f);
        Durations(html, f);
        Returns(html, f);
        Revisitations(html, f);

        html.Append("""
            </main>
            <footer><p>Tallene hentes også som JSON fra <a href="/api/figures">/api/figures</a>.</p></footer>
            </body>
            </html>
            """);
        return html.ToString();
    }

    private static void Segregation(StringBuilder html, FiguresApi.FiguresView f)
    {
        var schools = f.Schools.Where(s => s.Figures.Segregation.Pupils > 0).ToList();
        var bars = new List<Bar> { new("Hele kommunen", [100 * (f.Municipality.Segregation.Share ?? 0)], Emphasised: true) };
        bars.AddRange(schools.Select(s => new Bar(s.SchoolName, [100 * (s.Figures.Segregation.Share ?? 0)])));
        Section(html, "segregering", "Andel elever i specialtilbud",
            "Børn i et specialtilbud på tælledagen i procent af distriktsskolens elever. Strategien sigter mod en lavere andel.",
            Chart("segregering", "Andel elever i specialtilbud pr. skole", $"Vandret søjlediagram. Hele kommunen: {Percent(f.Municipality.Segregation.Share)}.",
                bars, [("Andel i procent", Colours[0])], v => v.ToString("0.0", Da) + " %"),
            ["Skole", "Elever", "I specialtilbud", "Andel"],
            new[] { ("Hele kommunen", f.Municipality.Segregation) }.Concat(f.Schools.Select(s => (s.SchoolName, s.Figures.Segregation)))
                .Select(r => (IReadOnlyList<string>)[r.Item1, N(r.Item2.Pupils), N(r.Item2.InSegregatedOffers), Percent(r.Item2.Share)]).ToList(),
            f.Schools.Count == 0 ? "Der er ingen elevtal for skoleåret endnu." : null);
    }

    private static void Rounds(StringBuilder html, FiguresApi.FiguresView f)
    {
        var rounds = f.Municipality.ReferralsByRound;
        var bars = rounds.Select(r => new Bar(r.RoundName, [r.Placements, r.ReturnsToGeneral, r.Postponements, r.Undecided])).ToList();
        Section(html, "runder", "Henvisninger pr. runde og udfald",
            "For hver visitationsrunde med møde i skoleåret: hvor mange henvisninger den havde, og hvad de endte med. En udsat sag tæller i begge runder.",
            Chart("runder", "Henvisninger pr. runde fordelt på udfald", $"Stablet vandret søjlediagram over {rounds.Count} runder.",
                bars, [("Visiteret", Colours[0]), ("Tilbagevist", Colours[1]), ("Udsat", Colours[2]), ("Ikke afgjort", Colours[3])], v => v.ToString("0", Da)),
            ["Runde", "Udvalgets møde", "Henvisninger", "Visiteret", "Tilbagevist", "Udsat", "Ikke afgjort"],
            rounds.Select(r => (IReadOnlyList<string>)[r.RoundName, DanishTime.LongDate(r.CommitteeMeetingAt), N(r.Referrals), N(r.Placements),
                N(r.ReturnsToGeneral), N(r.Postponements), N(r.Undecided)]).ToList(),
            rounds.Count == 0 ? "Der er ingen runder med møde i skoleåret." : null);
    }

    private static void Durations(StringBuilder html, FiguresApi.FiguresView f)
    {
        var m = f.Municipality;
        var bars = new List<Bar>
        {
            new("Henvisning til afgørelse", [m.TimeToDecision.MedianDays ?? double.NaN, m.TimeToDecision.MeanDays ?? double.NaN]),
            new("Tid i tilbud (afsluttede forløb)", [m.TimeInOffer.MedianDays ?? double.NaN, m.TimeInOffer.MeanDays ?? double.NaN]),
        };
        Section(html, "varighed", "Tid fra henvisning til afgørelse og tid i tilbud",
            "Dage fra komplet henvisning til endelig afgørelse (en udsættelse lader uret køre), og længden af forløb i et tilbud, der sluttede i skoleåret.",
            Chart("varighed", "Varigheder i dage, median og gennemsnit", "Grupperet vandret søjlediagram for hele kommunen.",
                bars, [("Median", Colours[0]), ("Gennemsnit", Colours[1])], v => v.ToString("0", Da) + " dage", stacked: false),
            ["Skole", "Afgørelser", "Median dage til afgørelse", "Gennemsnit dage til afgørelse", "Afsluttede forløb", "Median dage i tilbud"],
            new[] { ("Hele kommunen", m) }.Concat(f.Schools.Select(s => (s.SchoolName, s.Figures)))
                .Select(r => (IReadOnlyList<string>)[r.Item1, N(r.Item2.TimeToDecision.Count), Days(r.Item2.TimeToDecision.MedianDays),
                    Days(r.Item2.TimeToDecision.MeanDays), N(r.Item2.TimeInOffer.Count), Days(r.Item2.TimeInOffer.MedianDays)]).ToList(), null);
    }

    private static void Returns(StringBuilder html, FiguresApi.FiguresView f)
    {
        var rows = new[] { ("Hele kommunen", f.Municipality.Returns) }.Concat(f.Schools.Where(s => s.Figures.Returns.Total > 0)
            .Select(s => (s.SchoolName, s.Figures.Returns))).ToList();
        Section(html, "udslusning", "Tilbage i almenundervisningen",
            "Børn, der i skoleåret er vendt helt eller delvis tilbage til distriktsskolen (udslusning).",
            Chart("udslusning", "Hel og delvis tilbagevenden pr. skole", $"Stablet vandret søjlediagram. Hele kommunen: {f.Municipality.Returns.Full} hel, {f.Municipality.Returns.Partial} delvis.",
                rows.Select((r, i) => new Bar(r.Item1, [r.Item2.Full, r.Item2.Partial], i == 0)).ToList(),
                [("Hel", Colours[2]), ("Delvis", Colours[4])], v => v.ToString("0", Da)),
            ["Skole", "Hel tilbagevenden", "Delvis tilbagevenden", "I alt"],
            rows.Select(r => (IReadOnlyList<string>)[r.Item1, N(r.Item2.Full), N(r.Item2.Partial), N(r.Item2.Total)]).ToList(), null);
    }

    private static void Revisitations(StringBuilder html, FiguresApi.FiguresView f)
    {
        var rows = new[] { ("Hele kommunen", f.Municipality.Revisitations) }.Concat(f.Schools.Where(s => s.Figures.Revisitations.Due > 0)
            .Select(s => (s.SchoolName, s.Figures.Revisitations))).ToList();
        Section(html, "revisitation", "Revisitationer til tiden",
            "Revisitationsafgørelser med frist i skoleåret: truffet til tiden, for sent, eller endnu ikke truffet efter fristen (mindst én gang om året).",
            Chart("revisitation", "Revisitationer pr. skole efter om fristen blev holdt", $"Stablet vandret søjlediagram. Hele kommunen: {Percent(f.Municipality.Revisitations.ShareOnTime)} til tiden.",
                rows.Select((r, i) => new Bar(r.Item1, [r.Item2.OnTime, r.Item2.Late, r.Item2.Overdue], i == 0)).ToList(),
                [("Til tiden", Colours[2]), ("For sent", Colours[1]), ("Overskredet, ikke truffet", Colours[3])], v => v.ToString("0", Da)),
            ["Skole", "Med frist", "Til tiden", "For sent", "Overskredet", "Andel til tiden"],
            rows.Select(r => (IReadOnlyList<string>)[r.Item1, N(r.Item2.Due), N(r.Item2.OnTime), N(r.Item2.Late), N(r.Item2.Overdue), Percent(r.Item2.ShareOnTime)]).ToList(),
            null);
    }

    private static void Section(StringBuilder html, string id, string heading, string intro, string chart, IReadOnlyList<string> columns,
        IReadOnlyList<IReadOnlyList<string>> rows, string? empty)
    {
        html.Append($"<section aria-labelledby=\"h-{id}\">\n<h2 id=\"h-{id}\">{E(heading)}</h2>\n<p>{E(intro)}</p>\n");
        if (empty is not null) html.Append($"<p>{E(empty)}</p>\n");
        html.Append(chart);
        html.Append($"<table>\n<caption>{E(heading)}: tallene bag diagrammet</caption>\n<thead><tr>");
        for (var i = 0; i < columns.Count; i++) html.Append($"<th scope=\"col\"{(i > 0 ? " class=\"n\"" : "")}>{E(columns[i])}</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append($"<tr><th scope=\"row\">{E(row[0])}</th>");
            foreach (var cell in row.Skip(1)) html.Append($"<td class=\"n\">{E(cell)}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>A horizontal bar chart: one row per bar, stacked or grouped series, the value written at the end of each row.</summary>
    private static string Chart(string id, string title, string description, IReadOnlyList<Bar> bars, IReadOnlyList<(string Name, string Colour)> series,
        Func<double, string> format, bool stacked = true)
    {
        const int width = 720, labelWidth = 270, valueWidth = 110, top = 8;
        var plot = width - labelWidth - valueWidth;
        var rowHeight = stacked ? 26 : 14 * series.Count + 12;
        var height = top + Math.Max(1, bars.Count) * rowHeight + 8;
        // NaN marks a figure with nothing to measure: no bar, and the row says so.
        var max = bars.Count == 0 ? 1 : bars.Max(b => stacked ? b.Values.Where(v => !double.IsNaN(v)).Sum() : b.Values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max());
        if (max <= 0) max = 1;
        var svg = new StringBuilder();
        svg.Append($"<figure>\n<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        svg.Append($"<title id=\"{id}-title\">{E(title)}</title>\n<desc id=\"{id}-desc\">{E(description)} Tallene står i tabellen under diagrammet.</desc>\n");
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + i * rowHeight;
            svg.Append(Invariant($"<text x=\"{labelWidth - 8}\" y=\"{y + rowHeight / 2.0 + 4:0.#}\" text-anchor=\"end\"{(bar.Emphasised ? " font-weight=\"700\"" : "")}>{E(Shorten(bar.Label))}</text>\n"));
            var x = (double)labelWidth;
            for (var s = 0; s < series.Count && s < bar.Values.Count; s++)
            {
                var missing = double.IsNaN(bar.Values[s]);
                var w = missing ? 0 : plot * bar.Values[s] / max;
                var by = stacked ? y + 4 : y + 6 + s * 14;
                var bh = stacked ? rowHeight - 8 : 12;
                if (w > 0)
                    svg.Append(Invariant($"<rect x=\"{x:0.##}\" y=\"{by}\" width=\"{w:0.##}\" height=\"{bh}\" fill=\"{series[s].Colour}\"><title>{E($"{bar.Label}: {series[s].Name} {format(bar.Values[s])}")}</title></rect>\n"));
                if (stacked) x += w;
                else svg.Append(Invariant($"<text x=\"{labelWidth + w + 6:0.##}\" y=\"{by + 10}\">{E(missing ? $"{series[s].Name}: intet at måle" : format(bar.Values[s]))}</text>\n"));
            }
            if (stacked)
                svg.Append(Invariant($"<text x=\"{x + 6:0.##}\" y=\"{y + rowHeight / 2.0 + 4:0.#}\">{E(format(bar.Values.Sum()))}</text>\n"));
        }
        svg.Append(Invariant($"<line x1=\"{labelWidth}\" y1=\"{top}\" x2=\"{labelWidth}\" y2=\"{height - 8}\" stroke=\"#555\"/>\n"));
        svg.Append("</svg>\n");
        if (series.Count > 1)
        {
            svg.Append("<ul class=\"legend\" aria-label=\"Forklaring\">");
            foreach (var (name, colour) in series) svg.Append($"<li><span style=\"background:{colour}\" aria-hidden=\"true\"></span>{E(name)}</li>");
            svg.Append("</ul>\n");
        }
        svg.Append($"<figcaption>{E(title)}.</figcaption>\n</figure>\n");
        return svg.ToString();
    }

    private static void Key(StringBuilder html, string label, string value) =>
        html.Append($"<div><dt>{E(label)}</dt><dd>{E(value)}</dd></div>\n");

    private static string Shorten(string text) => text.Length <= 31 ? text : text[..30] + "…";

    /// <summary>Escapes markup but leaves æ, ø and å as they are, so the page source reads as Danish.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static string E(string text) => Html.Encode(text);

    private static string N(int n) => n.ToString("N0", Da);

    private static string Percent(double? share) => share is { } s ? (100 * s).ToString("0.0", Da) + " %" : "–";

    private static string Days(double? days) => days is { } d ? d.ToString("0", Da) : "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
