using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace MLCycle.Training.Neural;

/// <summary>
/// The network's file: magic "MLCYCMLP", format version, the shape (task, classes, features, hidden widths, activation,
/// normalisation, dropout), the input and target standardisation, the weights and running statistics, all little-endian,
/// then a SHA-256 of everything before it, so a truncated or altered file is refused rather than read as other weights.
/// </summary>
internal static class MlpNetworkFormat
{
    public const int Version = 1;
    private const int HashBytes = 32;
    private const int MaxLayers = 1024;
    private const int MaxWidth = 1 << 20;
    private static readonly byte[] Magic = "MLCYCMLP"u8.ToArray();

    public static void Write(MlpNetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var graph = network.Graph;
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write((int)graph.Task);
            writer.Write(graph.Classes);
            writer.Write(graph.Features);
            writer.Write(graph.Hidden.Length);
            foreach (var units in graph.Hidden) writer.Write(units);
            writer.Write((int)graph.Activation);
            writer.Write((int)graph.Normalization);
            writer.Write(graph.Dropout);
            writer.Write(network.TargetMean);
            writer.Write(network.TargetSd);
            WriteFloats(writer, network.Mean);
            WriteFloats(writer, network.InverseSd);
            WriteFloats(writer, network.Parameters);
            WriteFloats(writer, network.State);
        }
        var bytes = body.ToArray();
        stream.Write(bytes);
        stream.Write(SHA256.HashData(bytes));
    }

    public static MlpNetwork Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new MLCycleException(ErrorKind.BadData, $"This is not an MLCycle neural network file: it does not start with the magic bytes \"MLCYCMLP\" ({bytes.Length} bytes read).");
        if (bytes.Length < Magic.Length + 4 + HashBytes)
            throw Truncated(bytes.Length);
        var version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version != Version)
            throw new MLCycleException(ErrorKind.BadData, $"The neural network file is format version {version}; this MLCycle reads version {Version}.");
        var body = bytes.AsSpan(0, bytes.Length - HashBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes)))
            throw new MLCycleException(ErrorKind.Tampered, $"The neural network file's checksum does not match its {bytes.Length} bytes: it is truncated or was changed after it was saved.");
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length));
        try
        {
            return ReadBody(reader);
        }
        catch (EndOfStreamException)
        {
            throw Truncated(bytes.Length);
        }
    }

    private static MlpNetwork ReadBody(BinaryReader reader)
    {
        reader.ReadBytes(Magic.Length + 4);
        var task = (TaskKind)reader.ReadInt32();
        var classes = reader.ReadInt32();
        var features = Checked(reader.ReadInt32(), 1, MaxWidth, "feature count");
        var hidden = new int[Checked(reader.ReadInt32(), 0, MaxLayers, "hidden layer count")];
        for (var i = 0; i < hidden.Length; i++) hidden[i] = Checked(reader.ReadInt32(), 1, MaxWidth, "hidden layer width");
        var activation = (MlpActivation)reader.ReadInt32();
        var normalization = (MlpNormalization)reader.ReadInt32();
        var dropout = reader.ReadSingle();
        if (!Enum.IsDefined(task) || !Enum.IsDefined(activation) || !Enum.IsDefined(normalization) || (task == TaskKind.Multiclass && classes < 2))
            throw new MLCycleException(ErrorKind.BadData, $"The neural network file names an unknown shape (task {(int)task}, activation {(int)activation}, normalisation {(int)normalization}, classes {classes}).");
        var graph = new MlpGraph(task, features, classes, hidden, activation, normalization, dropout);
        var targetMean = reader.ReadSingle();
        var targetSd = reader.ReadSingle();
        var mean = ReadFloats(reader, features, "input means");
        var inverseSd = ReadFloats(reader, features, "input scales");
        var parameters = ReadFloats(reader, graph.ParameterCount, "weights");
        var state = ReadFloats(reader, graph.StateCount, "running statistics");
        if (reader.BaseStream.Position != reader.BaseStream.Length)
            throw new MLCycleException(ErrorKind.BadData, $"The neural network file has {reader.BaseStream.Length - reader.BaseStream.Position} bytes after the weights its shape calls for.");
        return new MlpNetwork(graph, mean, inverseSd, targetMean, targetSd, parameters, state);
    }

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static float[] ReadFloats(BinaryReader reader, int expected, string what)
    {
        var count = reader.ReadInt32();
        if (count != expected)
            throw new MLCycleException(ErrorKind.BadData, $"The neural network file holds {count} {what}; its shape calls for {expected}.");
        var values = new float[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (reader.Read(bytes) != bytes.Length) throw new EndOfStreamException();
        return values;
    }

    private static int Checked(int value, int min, int max, string what) => value >= min && value <= max ? value
        : throw new MLCycleException(ErrorKind.BadData, $"The neural network file's {what} is {value}; expected {min} to {max}.");

    private static MLCycleException Truncated(int length) =>
        new(ErrorKind.Tampered, $"The neural network file is truncated: {length} bytes are too few for the shape it declares.");
}
