using System.Net;
using System.Text;
using MLCycle.Tests.Names;

namespace MLCycle.Server.Tests;

/// <summary>The model reference in a route refuses the shared list of bad names with a 4xx problem, never a 500 or a prediction.</summary>
[Collection(ServerCollection.Name)]
public sealed class BadNameTests(ServerFixture server)
{
    [Theory]
    [MemberData(nameof(BadNames.Data), MemberType = typeof(BadNames))]
    public async Task Predict_badModelOrAliasName_isRefusedWithAProblem(string name)
    {
        foreach (var reference in new[] { name, $"churn@{name}" })
        {
            var response = await server.Client.PostAsync($"/v1/models/{Uri.EscapeDataString(reference)}/predict",
                new StringContent("""{"rows":[{"tenure":2}]}""", Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();

            // An empty name leaves no route to match (404); every other bad name reaches the reference check (400).
            var expected = name.Length == 0 && reference == name ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest;
            Assert.True(response.StatusCode == expected, $"{reference}: {(int)response.StatusCode} {body}");
            if (name.Any(NameRules.IsHidden)) Assert.DoesNotContain(name, body, StringComparison.Ordinal);
        }
    }
}
