namespace Visitation.Api.Features.Decisions;

/// <summary>The sender printed on every letter; configured per municipality (section <c>Municipality</c>).</summary>
public sealed class MunicipalitySettings
{
    public string Name { get; set; } = "Eksempel Kommune";
    public string Department { get; set; } = "Visitationsudvalget, Børn og Unge";
    public string Street { get; set; } = "Rådhustorvet 1";
    public string PostalCode { get; set; } = "7100";
    public string City { get; set; } = "Eksempelby";
    public string Phone { get; set; } = "70 00 00 00";
    public string Email { get; set; } = "visitation@eksempel-kommune.invalid";
    public string ContactName { get; set; } = "Sekretariatet for visitationsudvalget";
    public string ContactTitle { get; set; } = "Sagsbehandler";
    public string SignatureName { get; set; } = "Visitationsudvalget";
    public string SignatureTitle { get; set; } = "på vegne af Børn og Unge";
    /// <summary>Where the file-drop channel writes a copy of every letter.</summary>
    public string LetterDropFolder { get; set; } = "data/letters";
}
