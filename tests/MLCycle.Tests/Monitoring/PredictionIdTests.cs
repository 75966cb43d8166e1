using MLCycle.Monitoring;

namespace MLCycle.Tests.Monitoring;

public sealed class PredictionIdTests
{
    [Fact]
    public void New_manyInOneMillisecond_areUniqueAndSortInOrderMade()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);

        var ids = Enumerable.Range(0, 10_000).Select(_ => PredictionId.New(time)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void New_isAVersion7UuidCarryingItsTime()
    {
        // Later than any id made before in this process, so the time is the one stamped.
        var time = DateTimeOffset.UtcNow.AddHours(1);

        var id = Guid.Parse(PredictionId.New(time));

        Assert.Equal(7, id.Version);
        Assert.Equal(PredictionId.MaxLength, id.ToString().Length);
        var bytes = id.ToByteArray(bigEndian: true);
        var millisecond = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
        Assert.InRange(millisecond, time.ToUnixTimeMilliseconds(), time.ToUnixTimeMilliseconds() + 1000);
    }

    [Fact]
    public void NewMany_afterNew_continuesTheOrderUniqueVersion7AndRandom()
    {
        var time = DateTimeOffset.UtcNow.AddHours(2);
        var first = PredictionId.New(time);
        var many = new string[10_000];

        PredictionId.NewMany(time, many);

        var all = many.Prepend(first).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.All(many, id => Assert.Equal(7, Guid.Parse(id).Version));
        // The random part differs between ids of one block: the bytes were not reused.
        Assert.Equal(many.Length, many.Select(id => id[^12..]).Distinct().Count());
    }

    [Fact]
    public void NewMany_asValues_continuesTheOrderAndWritesAsTheTextsDo()
    {
        var time = DateTimeOffset.UtcNow;
        var first = PredictionId.New(time);
        var values = new Guid[200];
        PredictionId.NewMany(time, values);
        var texts = new string[200];
        PredictionId.NewMany(time, texts);

        string[] all = [first, .. values.Select(v => v.ToString()), .. texts];
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.All(values, v => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", v.ToString()));
    }
}
