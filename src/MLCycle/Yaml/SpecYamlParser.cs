using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MLCycle.Yaml;

/// <summary>
/// A YAML parser that remembers where the last good event ended, because some malformed inputs make
/// YamlDotNet's scanner throw a plain <see cref="InvalidOperationException"/> that carries no position; and that refuses
/// collections nested deeper than <see cref="MaxDepth"/>, because building the node tree recurses once per level and
/// 50,000 nested brackets overflow the stack, which no handler can catch.
/// </summary>
internal sealed class SpecYamlParser(TextReader input) : IParser
{
    /// <summary>The deepest nesting of mappings and lists a spec or suite may have; real ones use four or five levels.</summary>
    public const int MaxDepth = 64;

    private readonly Parser _inner = new(input);
    private int _depth;

    public ParsingEvent? Current => _inner.Current;

    /// <summary>Where the last successfully parsed event ended.</summary>
    public Mark LastGood { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        if (_inner.Current is { } current) LastGood = current.End;
        if (!_inner.MoveNext()) return false;
        switch (_inner.Current)
        {
            case MappingStart or SequenceStart when ++_depth > MaxDepth:
                throw new TooDeepException(_inner.Current.Start);
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }
        return true;
    }

    /// <summary>Nesting past <see cref="MaxDepth"/>, at the collection that went one level too deep.</summary>
    internal sealed class TooDeepException(Mark at) : Exception($"collections are nested more than {MaxDepth} levels deep")
    {
        public Mark At { get; } = at;
    }
}
