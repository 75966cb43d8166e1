namespace MLCycle.Access;

/// <summary>Role names as users type them ("reader", "editor", "approver", "admin").</summary>
public static class Roles
{
    /// <summary>The names accepted, lowest role first.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<Role>().Select(Name)];

    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>The role <paramref name="text"/> names; throws a bad-spec error listing the accepted names otherwise.</summary>
    public static Role Parse(string? text) =>
        Enum.GetValues<Role>().FirstOrDefault(r => Name(r) == text) is var role && role != 0
            ? role
            : throw new MLCycleException(ErrorKind.BadSpec, $"'{NameRules.Show(text)}' is not a role: use one of {string.Join(", ", Names)}.");
}
