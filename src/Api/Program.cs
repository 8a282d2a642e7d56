using Visitation.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddVisitation();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseVisitation();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
