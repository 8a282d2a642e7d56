using System.Net;
using System.Text.Json.Nodes;
using Visitation.Api.Tests.Decisions;
using Visitation.Api.Tests.Support;

namespace Visitation.Api.Tests.Messaging;

/// <summary>
/// The same decision-to-letter path as the embedded default, but over a real RabbitMQ broker
/// (scripts/test.sh starts one and sets VISITATION_TEST_RABBITMQ).
/// </summary>
[TestFixture]
public sealed class RabbitMqDeliveryTests
{
    [Test]
    public async Task Decision_letters_are_delivered_over_RabbitMQ()
    {
        var host = Environment.GetEnvironmentVariable("VISITATION_TEST_RABBITMQ");
        if (string.IsNullOrEmpty(host))
            Assert.Fail("VISITATION_TEST_RABBITMQ is not set: run the tests with scripts/test.sh, which starts RabbitMQ.");

        using var database = TestDatabase.Create(Db.Sqlite);
        await using var app = new VisitationApp(database, settings: new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMQ",
            ["Messaging:RabbitMq:Host"] = host,
            ["Messaging:EndpointPrefix"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["Municipality:LetterDropFolder"] = Path.Combine(database.Folder, "letters"),
        });
        var town = await TestMunicipality.CreateAsync(app);
        var referralId = await ReferralScenario.OnAgendaAsync(app, town);
        var committee = await app.ClientForAsync(town.Committee.Id);

        await (await committee.PostJsonAsync($"/api/referrals/{referralId}/decision", new
        {
            outcome = "Placement",
            offerId = town.Offer.Id,
            startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20)),
            reasons = "Små fællesskaber.",
            letter = DecisionLetterTests.CompleteLetter,
        })).JsonAsync();

        var until = DateTime.UtcNow.AddSeconds(60);
        JsonArray letters = [];
        while (DateTime.UtcNow < until)
        {
            letters = (await (await committee.GetAsync($"/api/children/{town.ChildA.Id}/letters")).JsonAsync()).AsArray();
            if (letters.Count == 2 && letters.All(l => l!["deliveredAt"] is not null)) break;
            await Task.Delay(500);
        }
        letters.Count.ShouldBe(2, letters.ToJsonString());
        letters.ShouldAllBe(l => l!["channel"]!.GetValue<string>() == "Forældreportalen");
        (await committee.GetAsync($"/api/referrals/{referralId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
