using System.Text.RegularExpressions;
using Npgsql;

namespace MLCycle.Storage;

/// <summary>Where a store's database lives: a folder (SQLite, the default) or <c>postgresql://user[:password]@host[:port]/db[?schema=name]</c>.
/// <see cref="ToString"/> never shows the password.</summary>
public sealed partial class StoreAddress
{
    private const int DefaultPort = 5432;
    private const int ConnectTimeoutSeconds = 10;

    private StoreAddress(string? folder, NpgsqlConnectionStringBuilder? postgres, string display)
    {
        Folder = folder;
        Postgres = postgres;
        Display = display;
    }

    /// <summary>The store folder's full path for a SQLite store; null for PostgreSQL.</summary>
    public string? Folder { get; }

    /// <summary>Whether the database is PostgreSQL.</summary>
    public bool IsPostgres => Postgres is not null;

    /// <summary>"host:port", for messages about a PostgreSQL server; null for SQLite.</summary>
    public string? Server => Postgres is { } p ? $"{p.Host}:{p.Port}" : null;

    /// <summary>The schema named by ?schema=, or null for the user's default (public).</summary>
    public string? Schema => Postgres?.SearchPath;

    internal NpgsqlConnectionStringBuilder? Postgres { get; }

    private string Display { get; }

    /// <summary>Reads <paramref name="address"/>: a postgresql:// or postgres:// URL, else a folder path.</summary>
    public static StoreAddress Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var scheme = address.IndexOf("://", StringComparison.Ordinal) is var at and > 0 ? address[..at].ToLowerInvariant() : null;
        if (scheme is null || OperatingSystem.IsWindows() && scheme.Length == 1)
        {
            var full = Path.GetFullPath(address);
            return new StoreAddress(full, null, full);
        }
        if (scheme is not ("postgresql" or "postgres"))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"Store address '{Redact(address)}' has scheme '{scheme}': expected a folder path or postgresql://user[:password]@host[:port]/database.");
        }
        return ParsePostgres(address);
    }

    public override string ToString() => Display;

    private static StoreAddress ParsePostgres(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw Bad(address, "it is not a URL with a host");
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/'))
        {
            throw Bad(address, "it names no database (expected /database after host:port)");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port,
            Database = database,
            Timeout = ConnectTimeoutSeconds,
            ApplicationName = "mlcycle",
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.IndexOf('=') is var eq and >= 0
                ? (Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..]))
                : (Uri.UnescapeDataString(pair), "");
            switch (key)
            {
                case "schema" when SchemaName().IsMatch(value):
                    builder.SearchPath = value;
                    break;
                case "schema":
                    throw Bad(address, $"schema '{value}' is not a plain name (expected letters, digits and _, starting with a letter or _, at most 63)");
                case "sslmode" when Enum.TryParse<SslMode>(value, ignoreCase: true, out var mode):
                    builder.SslMode = mode;
                    break;
                default:
                    throw Bad(address, $"option '{key}={value}' is not known (expected schema=NAME or sslmode=disable|prefer|require|verify-full)");
            }
        }
        var display = $"postgresql://{(builder.Username is { } user ? Uri.EscapeDataString(user) + "@" : "")}{builder.Host}:{builder.Port}/{Uri.EscapeDataString(database)}"
            + (builder.SearchPath is { } schema ? $"?schema={schema}" : "");
        return new StoreAddress(null, builder, display);
    }

    private static MLCycleException Bad(string address, string what) =>
        new(ErrorKind.BadSpec, $"Store address '{Redact(address)}' is not usable: {what}. Expected postgresql://user[:password]@host[:port]/database[?schema=name].");

    /// <summary>The address with any password replaced by ***, for messages.</summary>
    internal static string Redact(string address) => Password().Replace(address, "$1:***@");

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*):[^/]*@")]
    private static partial Regex Password();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
