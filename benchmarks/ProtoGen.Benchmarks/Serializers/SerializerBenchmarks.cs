extern alias gp;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Google.Protobuf;

namespace ProtoGen.Benchmarks.Serializers;

/// <summary>
/// The operations every workload is measured with, for ProtoGen and for Google.Protobuf (protoc's C# for the same
/// .proto). Each category has Google.Protobuf as its baseline, so the Ratio column is ProtoGen's time over Google's.
/// </summary>
/// <typeparam name="TOurs">The ProtoGen-generated message type.</typeparam>
/// <typeparam name="TGoogle">The protoc-generated message type.</typeparam>
[MemoryDiagnoser]
[CategoriesColumn]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public abstract class SerializerBenchmarks<TOurs, TGoogle>
    where TOurs : class, ProtoGen.IMessage<TOurs>
    where TGoogle : class, Google.Protobuf.IMessage<TGoogle>, new()
{
    private readonly ProtoGen.MessageParser<TOurs> _ourParser;
    private readonly Google.Protobuf.MessageParser<TGoogle> _googleParser;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private TOurs _ours = null!;
    private TOurs _reused = null!;
    private TGoogle _google = null!;
    private byte[] _bytes = null!;
    private ReadOnlySequence<byte> _segmented;
    private TOurs _oursForJson = null!;
    private TGoogle _googleForJson = null!;
    private string _json = null!;
    private byte[] _jsonUtf8 = null!;

    protected SerializerBenchmarks(ProtoGen.MessageParser<TOurs> ourParser, Google.Protobuf.MessageParser<TGoogle> googleParser)
    {
        _ourParser = ourParser;
        _googleParser = googleParser;
    }

    /// <summary>The workload's message, built with Google.Protobuf's API; ProtoGen's copy is parsed from its bytes.</summary>
    protected abstract TGoogle CreateMessage();

    /// <summary>The workload's message for the JSON benchmarks: the same unless it holds something ProtoJSON cannot
    /// represent (text with an unpaired surrogate).</summary>
    protected virtual TGoogle CreateJsonMessage() => CreateMessage();

    /// <summary>The workload's message, for the field-kind screen, which screens the workloads after the kinds.</summary>
    internal TGoogle CreateGoogleMessage() => CreateMessage();

    [GlobalSetup]
    public void Setup()
    {
        _google = CreateMessage();
        _bytes = _google.ToByteArray();
        _ours = _ourParser.ParseFrom(_bytes);
        if (!MessageSerializer.ToByteArray(_ours).AsSpan().SequenceEqual(_bytes))
        {
            throw new InvalidOperationException($"ProtoGen and Google.Protobuf disagree on the bytes of {typeof(TOurs).Name}.");
        }
        _segmented = Segments.Split(_bytes);
        _reused = _ourParser.ParseFrom(_bytes);
        _googleForJson = CreateJsonMessage();
        _oursForJson = _ourParser.ParseFrom(_googleForJson.ToByteArray());
        _json = Google.Protobuf.JsonFormatter.Default.Format(_googleForJson);
        _jsonUtf8 = System.Text.Encoding.UTF8.GetBytes(_json);
        if (ProtoGen.Json.JsonFormatter.Default.Format(_oursForJson) != _json)
        {
            throw new InvalidOperationException($"ProtoGen and Google.Protobuf disagree on the JSON of {typeof(TOurs).Name}.");
        }
        if (!_ourParser.ParseJson(_json).Equals(_oursForJson))
        {
            throw new InvalidOperationException($"ProtoGen does not read back its JSON of {typeof(TOurs).Name}.");
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("CalculateSize")]
    public int Google_CalculateSize() => _google.CalculateSize();

    [Benchmark, BenchmarkCategory("CalculateSize")]
    public int ProtoGen_CalculateSize() => _ours.CalculateSize();

    [Benchmark(Baseline = true), BenchmarkCategory("WriteToBufferWriter")]
    public int Google_WriteToBufferWriter()
    {
        _buffer.ResetWrittenCount();
        _google.WriteTo(_buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("WriteToBufferWriter")]
    public int ProtoGen_WriteToBufferWriter()
    {
        _buffer.ResetWrittenCount();
        MessageSerializer.WriteTo(_ours, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ToByteArray")]
    public byte[] Google_ToByteArray() => _google.ToByteArray();

    [Benchmark, BenchmarkCategory("ToByteArray")]
    public byte[] ProtoGen_ToByteArray() => MessageSerializer.ToByteArray(_ours);

    // Parse benchmarks return object: BenchmarkDotNet's generated runner names return types without the gp alias.
    [Benchmark(Baseline = true), BenchmarkCategory("ParseBytes")]
    public object Google_ParseBytes() => _googleParser.ParseFrom(_bytes);

    [Benchmark, BenchmarkCategory("ParseBytes")]
    public object ProtoGen_ParseBytes() => _ourParser.ParseFrom(_bytes);

    /// <summary>Parse into one reused message (MessageParser.ParseInto): in steady state it allocates only the strings
    /// and bytes of the data, the lists' arrays and message elements being kept.</summary>
    [Benchmark, BenchmarkCategory("ParseBytes")]
    public object ProtoGen_ParseIntoReused()
    {
        _ourParser.ParseInto(_reused, _bytes);
        return _reused;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ParseSegmented")]
    public object Google_ParseSegmented() => _googleParser.ParseFrom(_segmented);

    [Benchmark, BenchmarkCategory("ParseSegmented")]
    public object ProtoGen_ParseSegmented() => _ourParser.ParseFrom(_segmented);

    /// <summary>What a gRPC marshaller does per call: size, write into the transport's buffer writer with the payload
    /// length known up front, then parse the payload back from a sequence.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("GrpcRoundTrip")]
    public object Google_GrpcRoundTrip()
    {
        _buffer.ResetWrittenCount();
        int length = _google.CalculateSize();
        _google.WriteTo(_buffer);
        return _googleParser.ParseFrom(new ReadOnlySequence<byte>(_buffer.WrittenMemory.Slice(0, length)));
    }

    [Benchmark, BenchmarkCategory("GrpcRoundTrip")]
    public object ProtoGen_GrpcRoundTrip()
    {
        _buffer.ResetWrittenCount();
        int length = _ours.CalculateSize();
        MessageSerializer.WriteTo(_ours, _buffer);
        return _ourParser.ParseFrom(new ReadOnlySequence<byte>(_buffer.WrittenMemory.Slice(0, length)));
    }

    // ProtoJSON: Google.Protobuf's reflection-based JsonFormatter/JsonParser against ProtoGen's generated code, same
    // text (checked in Setup), default settings.
    [Benchmark(Baseline = true), BenchmarkCategory("JsonFormat")]
    public string Google_JsonFormat() => Google.Protobuf.JsonFormatter.Default.Format(_googleForJson);

    [Benchmark, BenchmarkCategory("JsonFormat")]
    public string ProtoGen_JsonFormat() => ProtoGen.Json.JsonFormatter.Default.Format(_oursForJson);

    /// <summary>UTF-8 into a reused buffer writer, as a web server writes a response body: no string at all.</summary>
    [Benchmark, BenchmarkCategory("JsonFormat")]
    public int ProtoGen_JsonFormatToBufferWriter()
    {
        _buffer.ResetWrittenCount();
        ProtoGen.Json.JsonFormatter.Default.Format(_oursForJson, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("JsonParse")]
    public object Google_JsonParse() => Google.Protobuf.JsonParser.Default.Parse<TGoogle>(_json);

    [Benchmark, BenchmarkCategory("JsonParse")]
    public object ProtoGen_JsonParse() => _ourParser.ParseJson(_json);

    /// <summary>From UTF-8 bytes, as a web server reads a request body.</summary>
    [Benchmark, BenchmarkCategory("JsonParse")]
    public object ProtoGen_JsonParseUtf8() => _ourParser.ParseJson(_jsonUtf8.AsSpan());
}
