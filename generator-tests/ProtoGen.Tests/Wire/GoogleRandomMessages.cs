using System.Collections;
using Google.Protobuf.Reflection;
using GoogleByteString = Google.Protobuf.ByteString;
using GoogleMessage = Google.Protobuf.IMessage;

namespace ProtoGen.Tests.Wire;

/// <summary>
/// Fills Google.Protobuf messages with random values through Google's reflection API, biased towards the edge values
/// that break encoders: negative ints (10-byte varints), extremes, NaN and -0.0, empty vs absent, non-ASCII text and
/// surrogate pairs. Google.Protobuf is the oracle: ProtoGen must read and write the same bytes.
/// </summary>
public sealed class GoogleRandomMessages(int seed, int maxDepth = 3)
{
    private readonly Random _random = new(seed);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<FileDescriptor, bool> OpenEnumFiles = new();

    private static readonly string[] Strings =
    [
        "", "a", "hello", "héllo wörld", "日本語テキスト", "emoji 😀 and 🎉 pairs", "\u0000nul", "tab\tnew\nline",
        new string('x', 127), new string('y', 128), new string('é', 200), "𝄞 music", "mixed ascii and ü",
    ];

    private static readonly int[] Int32Edges = [0, 1, -1, 127, 128, 300, 16383, 16384, int.MaxValue, int.MinValue, -300];
    private static readonly long[] Int64Edges = [0, 1, -1, 127, 128, long.MaxValue, long.MinValue, int.MaxValue + 1L, int.MinValue - 1L];
    private static readonly double[] DoubleEdges = [0.0, -0.0, 1.5, -2.25, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, double.MinValue];
    private static readonly float[] FloatEdges = [0f, -0f, 1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue];

    public T Fill<T>(T message) where T : GoogleMessage
    {
        Fill(message, 0);
        return message;
    }

    private void Fill(GoogleMessage message, int depth)
    {
        var oneofsChosen = new HashSet<OneofDescriptor>();
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (_random.Next(4) == 0) continue; // absent
            if (field.RealContainingOneof is { } oneof)
            {
                if (!oneofsChosen.Add(oneof)) continue;
            }
            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var keyField = field.MessageType.FindFieldByNumber(1);
                var valueField = field.MessageType.FindFieldByNumber(2);
                int count = _random.Next(4);
                for (int i = 0; i < count; i++)
                {
                    var key = Value(keyField, map.GetType().GetGenericArguments()[0], depth);
                    var value = Value(valueField, map.GetType().GetGenericArguments()[1], depth);
                    if (key is not null && value is not null) map[key] = value;
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                var elementType = list.GetType().GetGenericArguments()[0];
                int count = _random.Next(5);
                for (int i = 0; i < count; i++)
                {
                    var value = Value(field, elementType, depth);
                    if (value is not null) list.Add(value);
                }
            }
            else
            {
                var current = field.Accessor.GetValue(message);
                var value = Value(field, current?.GetType(), depth);
                if (value is not null) field.Accessor.SetValue(message, value);
            }
        }
    }

    private object? Value(FieldDescriptor field, Type? clrType, int depth)
    {
        switch (field.FieldType)
        {
            case FieldType.Double: return Pick(DoubleEdges, () => (_random.NextDouble() - 0.5) * 1e6);
            case FieldType.Float: return Pick(FloatEdges, () => (float)(_random.NextDouble() * 1000));
            case FieldType.Int32:
            case FieldType.SInt32:
            case FieldType.SFixed32: return Pick(Int32Edges, () => _random.Next(int.MinValue, int.MaxValue));
            case FieldType.Int64:
            case FieldType.SInt64:
            case FieldType.SFixed64: return Pick(Int64Edges, () => _random.NextInt64(long.MinValue, long.MaxValue));
            case FieldType.UInt32:
            case FieldType.Fixed32: return unchecked((uint)(int)Pick(Int32Edges, () => _random.Next(int.MinValue, int.MaxValue)));
            case FieldType.UInt64:
            case FieldType.Fixed64: return unchecked((ulong)(long)Pick(Int64Edges, () => _random.NextInt64(long.MinValue, long.MaxValue)));
            case FieldType.Bool: return _random.Next(2) == 0;
            case FieldType.String: return Pick(Strings, RandomText);
            case FieldType.Bytes: return GoogleByteString.CopyFrom(RandomBytes());
            case FieldType.Enum:
            {
                // Closed (proto2) enums keep undeclared numbers as unknown fields, which moves them: only declared ones there.
                // The protos given to this generator are proto2 or proto3 (Google.Protobuf keeps a file's edition and
                // resolved enum_type feature internal), so the file's declared syntax tells open from closed.
                bool open = OpenEnumFiles.GetOrAdd(field.EnumType.File, file => file.ToProto().Syntax == "proto3");
                int number = open && _random.Next(5) == 0 ? _random.Next(-5, 1000) : field.EnumType.Values[_random.Next(field.EnumType.Values.Count)].Number;
                return clrType is { IsEnum: true } ? Enum.ToObject(clrType, number) : number;
            }
            case FieldType.Message:
            case FieldType.Group:
                if (IsWrapper(field.MessageType))
                {
                    return Value(field.MessageType.FindFieldByNumber(1), null, depth);
                }
                if (depth >= maxDepth) return null;
                var child = field.MessageType.Parser.ParseFrom(GoogleByteString.Empty);
                Fill(child, depth + 1);
                return child;
            default:
                throw new NotSupportedException(field.FieldType.ToString());
        }
    }

    private static bool IsWrapper(MessageDescriptor type) =>
        type.File.Package == "google.protobuf" && type.Name.EndsWith("Value", StringComparison.Ordinal) && type.Fields.InDeclarationOrder().Count == 1 && type.Name != "ListValue";

    private T Pick<T>(T[] edges, Func<T> random) => _random.Next(2) == 0 ? edges[_random.Next(edges.Length)] : random();

    private string RandomText()
    {
        int length = _random.Next(0, 40);
        var chars = new List<char>(length);
        Span<char> pair = stackalloc char[2];
        for (int i = 0; i < length; i++)
        {
            switch (_random.Next(4))
            {
                case 0: chars.Add((char)_random.Next(0x20, 0x7F)); break;
                case 1: chars.Add((char)_random.Next(0xA0, 0x800)); break;
                case 2: chars.Add((char)_random.Next(0x800, 0xD800)); break;
                default:
                    var rune = new System.Text.Rune(_random.Next(0x10000, 0x10FFFF));
                    rune.EncodeToUtf16(pair);
                    chars.Add(pair[0]);
                    chars.Add(pair[1]);
                    break;
            }
        }
        return new string(chars.ToArray());
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(0, 40)];
        _random.NextBytes(bytes);
        return bytes;
    }
}
