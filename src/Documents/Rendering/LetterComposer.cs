using System.Globalization;
using Visitation.Documents.Layout;
using Visitation.Documents.Letters;
using Visitation.Documents.Templates;

namespace Visitation.Documents.Rendering;

/// <summary>
/// Arranges a letter's content and its template's wording into layout blocks: letterhead, address
/// window and reference column on page 1, then the body in the order a Danish municipal decision
/// letter reads, and a footer with the case number and "Side N af M" on every page.
/// </summary>
internal sealed class LetterComposer(LetterTemplate template)
{
    private const double ParagraphGap = 5;
    private const double SectionGap = 12;

    public LayoutDocument Compose(DecisionLetter letter, out string subject)
    {
        var wording = template.For(letter.Kind);
        var styles = new LetterStyles(letter.Letterhead.Accent);
        var values = Values(letter);
        subject = Fill(wording.Subject, values);
        values["emne"] = subject;

        var page = LetterStyles.Page;
        var body = new List<Block>
        {
            new Heading(subject, styles.Subject) { SpaceAfter = 10 },
            Text(template.Labels.Salutation, values, styles.Body),
        };
        body.AddRange(wording.Intro.Select(text => Text(text, values, styles.Body)));

        if (letter.Replaces is not null)
        {
            body.Add(Text(template.Labels.Replaces, values, styles.BodyBold));
        }

        if (!string.IsNullOrWhiteSpace(letter.Decision))
        {
            body.Add(Section(wording.DecisionHeading, styles));
            body.AddRange(Paragraphs(letter.Decision, styles.Body));
        }

        if (wording.Postponement is { } postponementWording && letter.Postponement is { } postponement)
        {
            body.Add(Section(postponementWording.WhyHeading, styles));
            body.AddRange(Paragraphs(postponement.Reason, styles.Body));
            if (postponement.Missing.Count > 0)
            {
                body.Add(new Paragraph(postponementWording.MissingIntro, styles.Body) { SpaceAfter = 2, KeepWithNext = true });
                body.Add(Bullets(postponement.Missing, styles));
            }

            body.Add(Section(postponementWording.WhenHeading, styles));
            body.AddRange(postponementWording.When.Select(text => Text(text, values, styles.Body)));
            body.AddRange(postponementWording.NotADecision.Select(text => Text(text, values, styles.Body)));
        }

        if (letter.Recommendations.Count > 0)
        {
            body.Add(Section(template.Labels.Recommendations, styles));
            body.Add(Bullets(letter.Recommendations, styles));
        }

        if (letter.Reasons is { } reasons)
        {
            body.Add(Section(template.Labels.Reasons, styles));
            body.Add(SubSection(template.Labels.RulesApplied, styles));
            body.AddRange(Paragraphs(reasons.RulesApplied, styles.Body));
            body.Add(SubSection(template.Labels.MainConsiderations, styles));
            body.AddRange(Paragraphs(reasons.MainConsiderations, styles.Body));
            body.Add(SubSection(template.Labels.FactsReliedOn, styles));
            body.Add(Bullets(reasons.FactsReliedOn, styles));
        }

        IReadOnlyList<string> legalBasis = [.. wording.LegalBasis.Select(text => Fill(text, values)), .. letter.AdditionalLegalBasis];
        if (legalBasis.Count > 0)
        {
            body.Add(Section(template.Labels.LegalBasis, styles));
            body.Add(Bullets(legalBasis, styles));
        }

        body.Add(Section(template.Labels.NextSteps, styles));
        body.AddRange(wording.NextSteps.Select(text => Text(text, values, styles.Body)));
        if (letter.NextSteps.Count > 0)
        {
            body.Add(Bullets(letter.NextSteps, styles));
        }

        if (wording.Appealable && letter.Complaint is not null)
        {
            var complaint = template.Complaint;
            body.Add(Section(complaint.Heading, styles));
            body.Add(new KeyValueTable(
                [
                    new KeyValueRow(complaint.BoardLabel, values["klageinstans"]),
                    new KeyValueRow(complaint.SendToLabel, Fill(complaint.SendTo, values)),
                    new KeyValueRow(complaint.DeadlineLabel, values["klagefrist"], styles.BodyBold),
                ],
                styles.BodyBold,
                styles.Body,
                KeyWidth: 112)
            { SpaceAfter = 8, RowGap = 3 });
            body.AddRange(complaint.Paragraphs.Select(text => Text(text, values, styles.Body)));
        }

        body.Add(Section(template.Labels.AccessToFiles, styles));
        body.AddRange(template.AccessToFiles.Select(text => Text(text, values, styles.Body)));
        body.Add(Section(template.Labels.Questions, styles));
        body.AddRange(template.Questions.Select(text => Text(text, values, styles.Body)));

        // A signature alone on the last page looks detached from the letter; the contact paragraph goes with it.
        body[^1] = body[^1] with { KeepWithNext = true };

        body.Add(new KeepTogether(
        [
            new Paragraph(template.Labels.Closing, styles.Body) { SpaceBefore = 8, SpaceAfter = 22 },
            new Paragraph(letter.Signature.Name, styles.BodyBold),
            new Paragraph(letter.Signature.Title, styles.Body),
        ]));

        if (letter.AlsoSentTo.Count > 0)
        {
            body.Add(new Paragraph(Fill(template.Labels.AlsoSentTo, values), styles.Small) { SpaceBefore = 16 });
        }

        return new LayoutDocument(page, body)
        {
            FirstPage = FirstPage(letter, values, styles, page),
            GapAfterFirstPageBlocks = 30,
            Decorate = context => Decorations(context, values, styles, page),
        };
    }

    private IReadOnlyList<PositionedBlock> FirstPage(DecisionLetter letter, Dictionary<string, string> values, LetterStyles styles, PageSetup page)
    {
        var head = letter.Letterhead;
        const double columnWidth = 168;
        var columnX = page.Width - page.MarginRight - columnWidth;
        const double letterheadTop = 40;
        var ruleY = letterheadTop + 46;

        string[] senderLines =
        [
            head.Address.Street,
            head.Address.PostalLine,
            $"{template.Labels.Phone} {head.Phone}",
            head.Email,
            .. head.Website is { } website ? [website] : Array.Empty<string>(),
        ];

        return
        [
            new PositionedBlock(page.MarginLeft, letterheadTop, page.ContentWidth - columnWidth, new Paragraph(head.MunicipalityName, styles.Municipality)),
            new PositionedBlock(page.MarginLeft, letterheadTop + 22, page.ContentWidth - columnWidth, new Paragraph(head.Department, styles.Department)),
            new PositionedBlock(page.MarginLeft, ruleY, page.ContentWidth, new HorizontalRule(styles.Accent, 1.2)),

            // The recipient sits where a C5/DL window envelope shows it, so printed letters can be posted too.
            new PositionedBlock(page.MarginLeft, 128, 240, new Paragraph(
                $"{letter.Recipient.Name}\n{letter.Recipient.Address.Street}\n{letter.Recipient.Address.PostalLine}", styles.Body)),

            new PositionedBlock(columnX, ruleY + 14, columnWidth, new Paragraph(string.Join('\n', senderLines), styles.Small) { SpaceAfter = 10 }),
            new PositionedBlock(columnX, ruleY + 14 + ((senderLines.Length + 1) * styles.Small.LineHeight), columnWidth, new KeyValueTable(
                [
                    new KeyValueRow(template.Labels.Date, values["dato"]),
                    new KeyValueRow(template.Labels.CaseNumber, letter.CaseNumber),
                    new KeyValueRow(template.Labels.ContactPerson, letter.Contact.Name),
                    new KeyValueRow(template.Labels.Phone, letter.Contact.Phone),
                ],
                styles.Small,
                styles.SmallInk,
                KeyWidth: 62)),
        ];
    }

    private IReadOnlyList<PositionedBlock> Decorations(PageContext context, Dictionary<string, string> values, LetterStyles styles, PageSetup page)
    {
        var pageValues = new Dictionary<string, string>(values)
        {
            ["side"] = context.PageNumber.ToString(CultureInfo.InvariantCulture),
            ["sider"] = context.PageCount.ToString(CultureInfo.InvariantCulture),
        };
        var footerRuleY = page.Height - page.MarginBottom + 22;
        var footerTextY = footerRuleY + 5;
        var blocks = new List<PositionedBlock>
        {
            new(page.MarginLeft, footerRuleY, page.ContentWidth, new HorizontalRule(styles.Rule, 0.6)),
            new(page.MarginLeft, footerTextY, page.ContentWidth, new Paragraph(Fill(template.Labels.Footer, pageValues), styles.Small)),
            new(page.MarginLeft, footerTextY, page.ContentWidth, new Paragraph(Fill(template.Labels.PageNumber, pageValues), styles.Small) { Align = TextAlign.Right }),
        };

        if (!context.IsFirst)
        {
            const double headerY = 34;
            blocks.Add(new(page.MarginLeft, headerY, page.ContentWidth - 120, new Paragraph(Fill(template.Labels.ContinuationHeader, pageValues), styles.Small)));
            blocks.Add(new(page.MarginLeft, headerY, page.ContentWidth, new Paragraph(values["dato"], styles.Small) { Align = TextAlign.Right }));
            blocks.Add(new(page.MarginLeft, headerY + 14, page.ContentWidth, new HorizontalRule(styles.Rule, 0.6)));
        }

        return blocks;
    }

    private Dictionary<string, string> Values(DecisionLetter letter)
    {
        // "24. december" stays on one line.
        string Date(DateOnly date)
        {
            var text = DanishDates.Format(date, template.MonthNames);
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            return string.Concat(text.AsSpan(0, space), TextWrapper.NoBreakSpace.ToString(), text.AsSpan(space + 1));
        }

        var head = letter.Letterhead;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["barn"] = letter.ChildName,
            ["modtager"] = letter.Recipient.Name,
            ["andreModtagere"] = JoinNames(letter.AlsoSentTo),
            ["kommune"] = head.MunicipalityName,
            ["afdeling"] = head.Department,
            ["kommuneAdresse"] = $"{head.Address.Street}, {head.Address.PostalLine}",
            ["kommuneEmail"] = head.Email,
            ["sagsnummer"] = letter.CaseNumber,
            ["dato"] = Date(letter.Date),
            ["besluttetAf"] = letter.DecidedBy,
            ["afgoerelsesDato"] = Date(letter.DecidedOn),
            ["kontaktNavn"] = letter.Contact.Name,
            ["kontaktTitel"] = letter.Contact.Title,
            ["kontaktTelefon"] = letter.Contact.Phone,
            ["kontaktEmail"] = letter.Contact.Email,
        };

        if (letter.Complaint is { } complaint)
        {
            values["klageinstans"] = complaint.Board;
            values["klagefrist"] = Date(complaint.Deadline);
            values["klagefristUger"] = complaint.DeadlineWeeks.ToString(CultureInfo.InvariantCulture);
            values["modtagetDato"] = Date(complaint.DeliveredOn);
            values["genvurderingUger"] = complaint.ReassessmentWeeks.ToString(CultureInfo.InvariantCulture);
        }

        if (letter.Postponement is { } postponement)
        {
            values["behandlesDato"] = Date(postponement.NextConsideration);
        }

        if (letter.Replaces is { } replaced)
        {
            values["erstatterDato"] = Date(replaced.Date);
            values["erstatterId"] = replaced.LetterId;
        }

        return values;
    }

    private string JoinNames(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + template.Labels.ListJoiner + names[^1],
    };

    private static string Fill(string text, IReadOnlyDictionary<string, string> values) => TemplateText.Fill(text, values);

    private static Paragraph Text(string text, IReadOnlyDictionary<string, string> values, TextStyle style) =>
        new(Fill(text, values), style) { SpaceAfter = ParagraphGap };

    /// <summary>Caseworkers' text: blank lines separate paragraphs, single line breaks are kept.</summary>
    private static IEnumerable<Paragraph> Paragraphs(string text, TextStyle style) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(paragraph => new Paragraph(paragraph, style) { SpaceAfter = ParagraphGap });

    private static Heading Section(string text, LetterStyles styles) =>
        new(text, styles.Section) { SpaceBefore = SectionGap, SpaceAfter = 3 };

    private static Heading SubSection(string text, LetterStyles styles) =>
        new(text, styles.SubSection) { SpaceBefore = 3, SpaceAfter = 1 };

    private static BulletList Bullets(IReadOnlyList<string> items, LetterStyles styles) =>
        new(items, styles.Body) { SpaceAfter = ParagraphGap };
}
