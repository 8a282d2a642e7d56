using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Visitation.Api.Infrastructure.Web;

/// <summary>
/// <c>&lt;field-error asp-for="Decision.Reasons" /&gt;</c> or <c>&lt;field-error key="Files.PPV" /&gt;</c>: the
/// field's messages, with the id its input points to through <c>aria-describedby</c>. Renders nothing
/// when the field is fine.
/// </summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression? For { get; set; }

    [HtmlAttributeName("key")]
    public string? Key { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var key = Key ?? ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For?.Name ?? "");
        output.TagName = null;
        if (!ViewContext.ModelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }
        var p = new TagBuilder("p");
        p.AddCssClass("field-error");
        p.Attributes["id"] = ErrorId(key);
        foreach (var (error, i) in entry.Errors.Select((e, i) => (e, i)))
        {
            if (i > 0) p.InnerHtml.AppendHtml("<br>");
            p.InnerHtml.AppendHtml("<span class=\"visually-hidden\">Fejl: </span>");
            p.InnerHtml.Append(string.IsNullOrEmpty(error.ErrorMessage) ? "Værdien er ikke gyldig." : error.ErrorMessage);
        }
        output.Content.SetHtmlContent(p);
    }

    public static string ErrorId(string key) => TagBuilder.CreateSanitizedId(key, "_") + "-error";
}

/// <summary>
/// Marks an <c>asp-for</c> field with an error as <c>aria-invalid</c> and points it at its message,
/// so a screen reader reads the message with the field.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class AriaInvalidTagHelper : TagHelper
{
    // After the framework's input, select and textarea helpers have written name and id.
    public override int Order => 1000;

    [HtmlAttributeName("asp-for")]
    public Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var key = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (!ViewContext.ModelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0) return;
        output.Attributes.SetAttribute("aria-invalid", "true");
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? existing.Value + " " : "";
        output.Attributes.SetAttribute("aria-describedby", describedBy + FieldErrorTagHelper.ErrorId(key));
    }
}
