using System.Buffers.Binary;

namespace ProtoGen.Protoc.Mapping;

/// <summary>One field record of an encoded message, undecoded: options arrive as bytes whose fields (extensions
/// among them) are only known once the schema that declares them is found.</summary>
internal readonly record struct WireField(int Number, int WireType, ulong Scalar, byte[]? Bytes);

/// <summary>Splits an encoded message into its field records.</summary>
internal static class WireFields
{
    public static List<WireField> Read(ReadOnlySpan<byte> data)
    {
        var fields = new List<WireField>();
        int position = 0;
        while (position < data.Length)
        {
            ulong tag = ReadVarint(data, ref position);
            int number = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            if (number <= 0) throw new DescriptorMappingException("Invalid field number in options.");
            switch (wireType)
            {
                case 0:
                    fields.Add(new WireField(number, wireType, ReadVarint(data, ref position), null));
                    break;
                case 1:
                    fields.Add(new WireField(number, wireType, BinaryPrimitives.ReadUInt64LittleEndian(Take(data, ref position, 8)), null));
                    break;
                case 5:
                    fields.Add(new WireField(number, wireType, BinaryPrimitives.ReadUInt32LittleEndian(Take(data, ref position, 4)), null));
                    break;
                case 2:
                    ulong length = ReadVarint(data, ref position);
                    if (length > int.MaxValue) throw new DescriptorMappingException("Truncated options.");
                    fields.Add(new WireField(number, wireType, 0, Take(data, ref position, (int)length).ToArray()));
                    break;
                case 3:
                    int start = position;
                    int end = SkipGroup(data, ref position, number);
                    fields.Add(new WireField(number, wireType, 0, data[start..end].ToArray()));
                    break;
                default:
                    throw new DescriptorMappingException($"Invalid wire type {wireType} in options.");
            }
        }
        return fields;
    }

    /// <summary>Reads the values of a packed repeated scalar.</summary>
    public static List<ulong> ReadPacked(ReadOnlySpan<byte> data, int wireType)
    {
        var values = new List<ulong>();
        int position = 0;
        while (position < data.Length)
        {
            values.Add(wireType switch
            {
                0 => ReadVarint(data, ref position),
                1 => BinaryPrimitives.ReadUInt64LittleEndian(Take(data, ref position, 8)),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(Take(data, ref position, 4)),
            });
        }
        return values;
    }

    private static int SkipGroup(ReadOnlySpan<byte> data, ref int position, int number)
    {
        while (true)
        {
            int before = position;
            ulong tag = ReadVarint(data, ref position);
            int wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 0: ReadVarint(data, ref position); break;
                case 1: Take(data, ref position, 8); break;
                case 5: Take(data, ref position, 4); break;
                case 2: Take(data, ref position, checked((int)ReadVarint(data, ref position))); break;
                case 3: SkipGroup(data, ref position, (int)(tag >> 3)); break;
                case 4:
                    if ((int)(tag >> 3) != number) throw new DescriptorMappingException("Mismatched group end in options.");
                    return before;
                default: throw new DescriptorMappingException($"Invalid wire type {wireType} in options.");
            }
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length) throw new DescriptorMappingException("Truncated options.");
            byte b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new DescriptorMappingException("Malformed varint in options.");
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int position, int count)
    {
        if (count < 0 || data.Length - position < count) throw new DescriptorMappingException("Truncated options.");
        var slice = data.Slice(position, count);
        position += count;
        return slice;
    }
}

/// <summary>A descriptor the plugin cannot map: protoc sent something malformed.</summary>
public sealed class DescriptorMappingException(string message) : Exception(message);
