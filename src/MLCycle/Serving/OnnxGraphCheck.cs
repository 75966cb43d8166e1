using Google.Protobuf;

namespace MLCycle.Serving;

/// <summary>
/// Reads just enough of an ONNX file (ModelProto.graph: nodes, inputs, initializers) to find node inputs nothing defines. The ML.NET
/// converter leaves out a stage it cannot express without an error, so a graph with such a hole is how that shows.
/// </summary>
internal static class OnnxGraphCheck
{
    /// <summary>One node of the graph: its operator and the values it reads and writes.</summary>
    public sealed record Node(string Op, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

    /// <summary>Names that some node reads but no graph input, initializer or earlier node defines, in graph order.</summary>
    public static IReadOnlyList<string> Undefined(byte[] model)
    {
        var (nodes, defined) = Read(model);
        var missing = new List<string>();
        foreach (var node in nodes)
        {
            // ONNX marks an omitted optional input with the empty name.
            missing.AddRange(node.Inputs.Where(i => i.Length > 0 && !defined.Contains(i) && !missing.Contains(i)));
            defined.UnionWith(node.Outputs);
        }
        return missing;
    }

    private static (List<Node> Nodes, HashSet<string> Defined) Read(byte[] model)
    {
        var nodes = new List<Node>();
        var defined = new HashSet<string>(StringComparer.Ordinal);
        var input = new CodedInputStream(model);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != 7) input.SkipLastField();
            else ReadGraph(input.ReadBytes(), nodes, defined);
        }
        return (nodes, defined);
    }

    private static void ReadGraph(ByteString graph, List<Node> nodes, HashSet<string> defined)
    {
        var input = graph.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: nodes.Add(ReadNode(input.ReadBytes())); break;
                case 5: defined.Add(ReadString(input.ReadBytes(), 8)); break;   // TensorProto.name
                case 11: defined.Add(ReadString(input.ReadBytes(), 1)); break;  // ValueInfoProto.name
                default: input.SkipLastField(); break;
            }
        }
    }

    private static Node ReadNode(ByteString node)
    {
        var input = node.CreateCodedInput();
        var inputs = new List<string>();
        var outputs = new List<string>();
        var op = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: inputs.Add(input.ReadString()); break;
                case 2: outputs.Add(input.ReadString()); break;
                case 4: op = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new Node(op, inputs, outputs);
    }

    private static string ReadString(ByteString message, int field)
    {
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field) return input.ReadString();
            input.SkipLastField();
        }
        return "";
    }
}
