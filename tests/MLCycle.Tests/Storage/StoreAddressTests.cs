using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

public sealed class StoreAddressTests
{
    [Fact]
    public void Parse_folder_isSqliteWithFullPath()
    {
        var address = StoreAddress.Parse(".mlcycle");

        Assert.False(address.IsPostgres);
        Assert.Equal(Path.GetFullPath(".mlcycle"), address.Folder);
    }

    [Theory]
    [InlineData("postgresql://ann:s3cret@db.example:6543/mlops", "postgresql://ann@db.example:6543/mlops")]
    [InlineData("postgres://ann@db.example/mlops?schema=team_a", "postgresql://ann@db.example:5432/mlops?schema=team_a")]
    [InlineData("postgresql://ann:p%40ss@127.0.0.1:5/m%20x", "postgresql://ann@127.0.0.1:5/m%20x")]
    public void Parse_postgresUrl_readsPartsAndNeverShowsPassword(string text, string shown)
    {
        var address = StoreAddress.Parse(text);

        Assert.True(address.IsPostgres);
        Assert.Null(address.Folder);
        Assert.Equal(shown, address.ToString());
        Assert.DoesNotContain("s3cret", address.ToString());
    }

    [Fact]
    public void Parse_encodedPassword_isDecodedForTheConnection()
    {
        var address = StoreAddress.Parse("postgresql://ann:p%40ss@127.0.0.1:5/db");

        Assert.Equal("p@ss", address.Postgres!.Password);
        Assert.Equal("127.0.0.1:5", address.Server);
    }

    [Theory]
    [InlineData("postgresql://ann:s3cret@host:5432", "names no database")]
    [InlineData("postgresql://ann:s3cret@host:5432/db?schema=Bad-Name", "schema 'Bad-Name'")]
    [InlineData("postgresql://ann:s3cret@host:5432/db?pool=9", "option 'pool=9'")]
    [InlineData("mysql://ann:s3cret@host/db", "scheme 'mysql'")]
    public void Parse_badAddress_isBadSpecNamingWhatIsWrongWithoutPassword(string text, string expected)
    {
        var error = Assert.Throws<MLCycleException>(() => StoreAddress.Parse(text));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.Contains("***", error.Message);
    }
}
