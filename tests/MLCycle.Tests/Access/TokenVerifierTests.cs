using System.Diagnostics;
using MLCycle.Access;
using MLCycle.Storage;
using MLCycle.Tests.Storage;
using Xunit.Abstractions;

namespace MLCycle.Tests.Access;

/// <summary>Tokens verified against the store's slow hash, and remembered briefly so a prediction does not pay for BCrypt.</summary>
public sealed class TokenVerifierTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory temp = new();
    private MLCycleStore store = null!;

    public async Task InitializeAsync() => store = await MLCycleStore.OpenAsync(temp.Path);

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task VerifyAsync_cached_token_costs_microseconds_not_a_hash()
    {
        var issued = await store.Users.AddUserAsync("bob", admin: false, "local:test");
        var verifier = new TokenVerifier(store.Users);

        var first = Stopwatch.StartNew();
        Assert.NotNull(await verifier.VerifyAsync(issued.Token));
        first.Stop();
        const int Repeats = 10_000;
        var cached = Stopwatch.StartNew();
        for (var i = 0; i < Repeats; i++) Assert.NotNull(await verifier.VerifyAsync(issued.Token));
        cached.Stop();

        var perCachedMicroseconds = cached.Elapsed.TotalMicroseconds / Repeats;
        var hash = ApiTokens.Hash("secret-of-forty-three-characters-aaaaaaaaaa");
        var bcrypt = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++) Assert.True(ApiTokens.Verify("secret-of-forty-three-characters-aaaaaaaaaa", hash));
        output.WriteLine($"first verification {first.Elapsed.TotalMilliseconds:F1} ms; BCrypt cost {ApiTokens.WorkFactor} alone {bcrypt.Elapsed.TotalMilliseconds / 5:F1} ms; cached {perCachedMicroseconds:F2} µs each");
        // The first check pays BCrypt (tens of ms); a cached one hashes the token with SHA-256 and looks it up.
        Assert.InRange(first.Elapsed.TotalMilliseconds, 5, 10_000);
        Assert.InRange(perCachedMicroseconds, 0, 200);
    }

    [Fact]
    public async Task VerifyAsync_right_prefix_wrong_secret_is_refused()
    {
        var issued = await store.Users.AddUserAsync("bob", admin: false, "local:test");
        var forged = issued.Token[..^4] + (issued.Token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        Assert.Null(await new TokenVerifier(store.Users).VerifyAsync(forged));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("mlc_0123456789ab_tooShort")]
    [InlineData("mlc_0123456789AB_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task VerifyAsync_malformed_token_is_refused_without_a_store_lookup(string token)
    {
        Assert.Null(await new TokenVerifier(store.Users).VerifyAsync(token));
    }

    [Fact]
    public async Task VerifyAsync_revoked_token_works_until_the_cache_expires_then_is_refused()
    {
        var issued = await store.Users.AddUserAsync("bob", admin: false, "local:test");
        var clock = new ManualClock();
        var verifier = new TokenVerifier(store.Users, new TokenVerifierOptions { CacheFor = TimeSpan.FromSeconds(30) }, clock);
        Assert.NotNull(await verifier.VerifyAsync(issued.Token));

        await store.Users.RevokeTokensAsync("bob", "local:test");
        clock.Now += TimeSpan.FromSeconds(29);
        Assert.NotNull(await verifier.VerifyAsync(issued.Token));
        clock.Now += TimeSpan.FromSeconds(2);
        Assert.Null(await verifier.VerifyAsync(issued.Token));
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
