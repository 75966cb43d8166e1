namespace MLCycle.Access;

/// <summary>A live token as stored: its slow hash, to verify a presented secret against, and its owner's access.</summary>
public sealed record StoredToken(string Prefix, string Hash, UserAccess Access);
