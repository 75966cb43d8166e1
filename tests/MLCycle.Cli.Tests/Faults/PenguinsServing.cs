using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>What the attacks on a real `mlcycle serve` share: a free port, waiting until the server answers, and a request body of
/// penguins rows.</summary>
public static class PenguinsServing
{
    /// <summary>A request of <paramref name="rows"/> rows of the data over and over (species left out), as JSON with every value as
    /// the CSV has it.</summary>
    public static string Body(int rows)
    {
        var lines = File.ReadAllLines(RepoPaths.Get("examples", "penguins", "penguins.csv"));
        var header = lines[0].Split(',');
        var objects = Enumerable.Range(0, rows).Select(i =>
        {
            var values = lines[1 + i % (lines.Length - 1)].Split(',');
            return "{" + string.Join(",", header.Select((name, c) => (name, value: values[c])).Where(p => p.name != "species")
                .Select(p => $"\"{p.name}\":{(p.value.Length == 0 ? "null" : double.TryParse(p.value, CultureInfo.InvariantCulture, out _) ? p.value : JsonSerializer.Serialize(p.value))}")) + "}";
        });
        return "{\"rows\":[" + string.Join(",", objects) + "]}";
    }

    /// <summary>Waits up to a minute for the server's /health, failing at once if the process exits.</summary>
    public static async Task WaitUntilUpAsync(HttpClient client, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, "mlcycle serve exited");
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        Assert.Fail("mlcycle serve did not answer /health within 60 s");
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
