using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MLCycle.Yaml;

/// <summary>
/// A YAML parser that remembers where the last good event ended, because some malformed inputs make
/// YamlDotNet's scanner throw a plain <see cref="InvalidOperationException"/> that carries no position.
/// </summary>
internal sealed class SpecYamlParser(TextReader input) : IParser
{
    private readonly Parser _inner = new(input);

    public ParsingEvent? Current => _inner.Current;

    /// <summary>Where the last successfully parsed event ended.</summary>
    public Mark LastGood { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        if (_inner.Current is { } current) LastGood = current.End;
        return _inner.MoveNext();
    }
}
