namespace MLCycle.Access;

/// <summary>A new API token for <see cref="User"/>. <see cref="Token"/> is shown once: only its slow hash is stored.</summary>
public sealed record IssuedToken(string User, string Token);
