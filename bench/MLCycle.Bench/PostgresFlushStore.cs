using System.Globalization;
using MLCycle.Storage;
using Npgsql;

namespace MLCycle.Bench;

/// <summary>A PostgreSQL store in a schema of its own, for the bigreq benchmark's flush phase, and the CPU time of the cluster's
/// processes: the server is on the same cores as MLCycle, so its share of a flush counts as much as the client's.</summary>
internal sealed class PostgresFlushStore : IAsyncDisposable
{
    /// <summary>The environment variable with an Npgsql connection string (as <c>.ci/postgres.sh</c> exports MLCYCLE_TEST_POSTGRES).</summary>
    public const string Variable = "MLCYCLE_BENCH_POSTGRES";

    private readonly string connectionString;
    private readonly string schema;
    private readonly int postmaster;

    private PostgresFlushStore(string connectionString, string schema, MLCycleStore store, int postmaster)
    {
        this.connectionString = connectionString;
        this.schema = schema;
        Store = store;
        this.postmaster = postmaster;
    }

    public MLCycleStore Store { get; }

    /// <summary>Runs <paramref name="sql"/> in the store's schema (the bench's changes to its tables).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Opens a store in a fresh schema, or returns null when the variable is not set.</summary>
    public static async Task<PostgresFlushStore?> OpenAsync(string work)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } connectionString) return null;
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        var address = $"postgresql://{server.Username}@{server.Host}:{server.Port}/{server.Database}?schema={schema}";
        var store = await MLCycleStore.OpenAsync(new StoreOptions { Address = address, ArtifactsDirectory = Path.Combine(work, "pg-artifacts") });
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var pid = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await pid.ExecuteScalarAsync())!;
        // A backend's parent is the postmaster; without /proc/PID (a server elsewhere) the server's CPU is not measured.
        var parent = File.Exists($"/proc/{backend}/stat") ? int.Parse(Stat(backend)[1], CultureInfo.InvariantCulture) : 0;
        return new PostgresFlushStore(connectionString, schema, store, parent);
    }

    /// <summary>CPU milliseconds of the whole cluster so far: the postmaster, its live children (backends, WAL writer,
    /// checkpointer) and the children it has reaped; NaN when the server is not on this machine. On a shared cluster this
    /// counts everyone's work, so measure on a cluster of your own.</summary>
    public double ServerCpuMilliseconds()
    {
        if (postmaster == 0) return double.NaN;
        var own = Stat(postmaster);
        var ticks = Ticks(own, 14) + Ticks(own, 15) + Ticks(own, 16) + Ticks(own, 17);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = Stat(pid);
                if (stat[1] == postmaster.ToString(CultureInfo.InvariantCulture)) ticks += Ticks(stat, 14) + Ticks(stat, 15);
            }
            catch (IOException)
            {
                // The process ended between the listing and the read; its time is now in the postmaster's reaped children.
            }
        }
        return ticks * 1000.0 / 100;
    }

    // The fields of /proc/PID/stat after the command name, from man 5 proc's field 3 (state) on: [1] is field 4, the parent pid;
    // Ticks takes man's numbers (14 utime, 15 stime, 16 cutime, 17 cstime, in clock ticks of 10 ms).
    private static string[] Stat(int pid) => File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Trim().Split(' ');

    private static long Ticks(string[] stat, int manField) => long.Parse(stat[manField - 3], CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
