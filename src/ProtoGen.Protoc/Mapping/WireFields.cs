using ProtoGen.Wire;

namespace ProtoGen.Protoc.Mapping;

/// <summary>One field record of an encoded message, undecoded: options arrive as bytes whose fields (extensions
/// among them) are only known once the schema that declares them is found.</summary>
internal readonly record struct WireField(int Number, int WireType, ulong Scalar, byte[]? Bytes);

/// <summary>Splits an encoded message into its field records, with the runtime's <see cref="WireReader"/>: malformed
/// bytes (a cut or overlong varint, a length past the end, wire type 6 or 7, an unmatched or unclosed group, groups
/// nested past the reader's recursion limit) are a <see cref="DescriptorMappingException"/>.</summary>
internal static class WireFields
{
    public static List<WireField> Read(ReadOnlySpan<byte> data)
    {
        var fields = new List<WireField>();
        try
        {
            var reader = new WireReader(data);
            uint tag;
            while ((tag = reader.ReadTag()) != 0)
            {
                int number = WireFormat.GetTagFieldNumber(tag);
                WireType wireType = WireFormat.GetTagWireType(tag);
                switch (wireType)
                {
                    case WireType.Varint:
                        fields.Add(new WireField(number, (int)wireType, reader.ReadUInt64(), null));
                        break;
                    case WireType.Fixed64:
                        fields.Add(new WireField(number, (int)wireType, reader.ReadFixed64(), null));
                        break;
                    case WireType.Fixed32:
                        fields.Add(new WireField(number, (int)wireType, reader.ReadFixed32(), null));
                        break;
                    case WireType.LengthDelimited:
                        fields.Add(new WireField(number, (int)wireType, 0, reader.ReadBytes().ToByteArray()));
                        break;
                    case WireType.StartGroup:
                        // The group's fields, without its END_GROUP tag, as a length-delimited field holds them.
                        int start = reader.Position;
                        int end = GroupEnd(ref reader, number);
                        fields.Add(new WireField(number, (int)wireType, 0, data[start..end].ToArray()));
                        break;
                    default:
                        throw new DescriptorMappingException($"Invalid wire type {(int)wireType} in options.");
                }
            }
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new DescriptorMappingException("Malformed options: " + exception.Message);
        }

        return fields;
    }

    /// <summary>Reads the values of a packed repeated scalar.</summary>
    public static List<ulong> ReadPacked(ReadOnlySpan<byte> data, int wireType)
    {
        var values = new List<ulong>();
        try
        {
            var reader = new WireReader(data);
            while (!reader.IsAtEnd)
            {
                values.Add(wireType switch
                {
                    (int)WireType.Varint => reader.ReadUInt64(),
                    (int)WireType.Fixed64 => reader.ReadFixed64(),
                    _ => reader.ReadFixed32(),
                });
            }
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new DescriptorMappingException("Malformed options: " + exception.Message);
        }

        return values;
    }

    // Skips the fields of the group just started, through its END_GROUP tag, and returns where that tag starts. Nested
    // groups are skipped by the reader, which counts them against its recursion limit.
    private static int GroupEnd(ref WireReader reader, int number)
    {
        while (true)
        {
            int before = reader.Position;
            uint tag = reader.ReadTag();
            if (tag == 0)
            {
                throw new DescriptorMappingException("Malformed options: a group is not closed.");
            }

            if (WireFormat.GetTagWireType(tag) == WireType.EndGroup)
            {
                if (WireFormat.GetTagFieldNumber(tag) != number)
                {
                    throw new DescriptorMappingException("Mismatched group end in options.");
                }

                return before;
            }

            reader.SkipField(tag);
        }
    }
}

/// <summary>A descriptor the plugin cannot map: protoc sent something malformed.</summary>
public sealed class DescriptorMappingException(string message) : Exception(message);
