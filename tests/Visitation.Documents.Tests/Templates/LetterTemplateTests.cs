using System.Text.Json.Nodes;
using Visitation.Documents.Letters;
using Visitation.Documents.Templates;

namespace Visitation.Documents.Tests.Templates;

public class LetterTemplateTests
{
    [Test]
    public void Embedded_catalog_has_version_1_with_wording_for_every_letter_kind()
    {
        var catalog = LetterTemplateCatalog.Default;

        catalog.Versions.ShouldContain("1");
        var template = catalog.Get("1");
        template.Language.ShouldBe("da-DK");
        foreach (var kind in Enum.GetValues<LetterKind>())
        {
            template.For(kind).Subject.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Test]
    public void Only_the_postponement_notice_is_not_appealable()
    {
        var template = LetterTemplateCatalog.Default.Latest;

        Enum.GetValues<LetterKind>().Where(kind => !template.For(kind).Appealable).ShouldBe([LetterKind.Postponement]);
    }

    [Test]
    public void Latest_is_used_when_no_version_is_asked_for()
    {
        LetterTemplateCatalog.Default.Get(null).ShouldBeSameAs(LetterTemplateCatalog.Default.Latest);
    }

    [Test]
    public void Unknown_template_version_is_refused()
    {
        Should.Throw<TemplateException>(() => LetterTemplateCatalog.Default.Get("99")).Message.ShouldContain("99");
    }

    [Test]
    public void Danish_dates_are_written_with_danish_month_names()
    {
        var months = LetterTemplateCatalog.Default.Latest.MonthNames;

        DanishDates.Format(new DateOnly(2026, 12, 24), months).ShouldBe("24. december 2026");
        DanishDates.Format(new DateOnly(2027, 5, 1), months).ShouldBe("1. maj 2027");
    }

    [Test]
    public void Placeholders_are_filled_from_the_letter()
    {
        TemplateText.Fill("Kære {modtager}", new Dictionary<string, string> { ["modtager"] = "Åse" }).ShouldBe("Kære Åse");
    }

    [Test]
    public void Unknown_placeholder_is_an_error_not_blank_text()
    {
        Should.Throw<TemplateException>(() => TemplateText.Fill("Hej {navn}", new Dictionary<string, string>()));
    }

    [Test]
    public void Known_placeholder_without_a_value_is_an_error()
    {
        Should.Throw<TemplateException>(() => TemplateText.Fill("Frist {klagefrist}", new Dictionary<string, string>()));
    }

    [Test]
    public void Template_without_wording_for_a_kind_is_refused()
    {
        var json = JsonNode.Parse(EmbeddedJson())!;
        json["kinds"]!.AsObject().Remove("RevisitationEnd");

        Should.Throw<TemplateException>(() => LetterTemplateCatalog.Parse(json.ToJsonString())).Message.ShouldContain("RevisitationEnd");
    }

    [Test]
    public void Template_with_an_unknown_placeholder_is_refused()
    {
        var json = JsonNode.Parse(EmbeddedJson())!;
        json["labels"]!["closing"] = "Hilsen {underskriver}";

        Should.Throw<TemplateException>(() => LetterTemplateCatalog.Parse(json.ToJsonString())).Message.ShouldContain("{underskriver}");
    }

    [Test]
    public void Template_with_a_misspelt_field_is_refused()
    {
        var json = JsonNode.Parse(EmbeddedJson())!;
        json["labels"]!["closingg"] = "Med venlig hilsen";

        Should.Throw<System.Text.Json.JsonException>(() => LetterTemplateCatalog.Parse(json.ToJsonString()));
    }

    [Test]
    public void Appealable_kind_without_legal_basis_is_refused()
    {
        var json = JsonNode.Parse(EmbeddedJson())!;
        json["kinds"]!["CommitteePlacement"]!["legalBasis"] = new JsonArray();

        Should.Throw<TemplateException>(() => LetterTemplateCatalog.Parse(json.ToJsonString())).Message.ShouldContain("legal basis");
    }

    private static string EmbeddedJson()
    {
        using var stream = typeof(LetterTemplateCatalog).Assembly.GetManifestResourceStream("Templates.letters.v1.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
