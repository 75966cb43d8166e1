using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Yaml;

/// <summary>Loads the single YAML document of a spec-like file, turning YamlDotNet's failures into line-numbered <see cref="ErrorKind.BadSpec"/> errors.</summary>
internal static class SpecYamlDocument
{
    /// <summary>The document's root node, or null when the file is empty.</summary>
    public static YamlNode? Load(string yaml, string file)
    {
        var stream = new YamlStream();
        var parser = new SpecYamlParser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (SpecYamlParser.TooDeepException e)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"{file}: line {e.At.Line}, column {e.At.Column}: invalid YAML: {e.Message}; a spec needs far fewer.", e);
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Trim();
            throw new MLCycleException(ErrorKind.BadSpec, $"{file}: line {e.Start.Line}, column {e.Start.Column}: invalid YAML: {reason}", e);
        }
        catch (InvalidOperationException e)
        {
            var at = parser.LastGood;
            throw new MLCycleException(ErrorKind.BadSpec, $"{file}: line {at.Line}, column {at.Column}: invalid YAML: the text after this point is malformed (an unclosed bracket or quote?).", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }) return null;
        if (stream.Documents.Count > 1)
            throw new MLCycleException(ErrorKind.BadSpec, $"{file}: line {stream.Documents[1].RootNode.Start.Line}: expected one YAML document, found {stream.Documents.Count}.");
        return stream.Documents[0].RootNode;
    }
}
