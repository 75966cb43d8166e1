using Npgsql;

namespace MLCycle.Data.Sources;

/// <summary>
/// A PostgreSQL source as the user writes it: <c>postgresql://user:password@host:port/database</c> or
/// <c>postgres:</c> followed by an Npgsql connection string. <see cref="Display"/> never shows the password.
/// </summary>
internal sealed record PostgresAddress(string ConnectionString, string Display)
{
    public static bool Matches(string path) =>
        path.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || path.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase);

    public static PostgresAddress Parse(string path)
    {
        var builder = new NpgsqlConnectionStringBuilder();
        try
        {
            if (path.Contains("://", StringComparison.Ordinal))
            {
                var uri = new Uri(path);
                builder.Host = uri.Host;
                if (uri.Port > 0) builder.Port = uri.Port;
                builder.Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
                var user = uri.UserInfo.Split(':', 2);
                if (user[0].Length > 0) builder.Username = Uri.UnescapeDataString(user[0]);
                if (user.Length > 1) builder.Password = Uri.UnescapeDataString(user[1]);
            }
            else
            {
                builder.ConnectionString = path[(path.IndexOf(':', StringComparison.Ordinal) + 1)..];
            }
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"The PostgreSQL source is not a valid address ({e.Message}); write postgresql://user:password@host:port/database " +
                "or postgres:Host=...;Database=...;Username=... .", e);
        }
        var display = $"postgresql://{(builder.Username is { } u ? u + "@" : "")}{builder.Host}:{builder.Port}/{builder.Database}";
        return new PostgresAddress(builder.ConnectionString, display);
    }
}
