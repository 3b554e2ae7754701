using ProtoGen.Protoc.Plugin;

namespace ProtoGen.Protoc;

/// <summary>
/// The <c>baseline=</c> parameter: the request's files written as one binary <c>FileDescriptorSet</c>, the baseline of
/// the breaking-change checks. protoc and buf send every file the generated ones import, in dependency order, so the set
/// is what <c>protoc --include_imports --descriptor_set_out</c> writes.
/// </summary>
internal static class BaselineWriter
{
    /// <summary>The baseline file name when the parameter asks for one; null otherwise, and when the parameters are
    /// malformed (the normal run reports that).</summary>
    public static string? Requested(CodeGeneratorRequest request)
    {
        try
        {
            return PluginParameters.Parse(request.HasParameter ? request.Parameter : null).Baseline;
        }
        catch (PluginParameterException)
        {
            return null;
        }
    }

    /// <summary>The serialized response holding the one baseline file. A response file's <c>content</c> is a string in
    /// plugin.proto, but on the wire a string and bytes are the same length-delimited field, and protoc and buf write the
    /// content bytes as they come; so the file entry is encoded here, after the response's other fields (a repeated
    /// field may appear anywhere in a message).</summary>
    public static byte[] Response(CodeGeneratorRequest request, string name, CodeGeneratorResponse header)
    {
        var set = new MemoryStream();
        foreach (var file in request.ProtoFile)
        {
            WriteField(set, 1, file.ToByteArray());
        }
        var entry = new MemoryStream();
        WriteField(entry, 1, System.Text.Encoding.UTF8.GetBytes(name));
        WriteField(entry, 15, set.ToArray());

        var output = new MemoryStream();
        var headerBytes = header.ToByteArray();
        output.Write(headerBytes, 0, headerBytes.Length);
        WriteField(output, 15, entry.ToArray());
        return output.ToArray();
    }

    private static void WriteField(Stream output, int field, byte[] value)
    {
        WriteVarint(output, (uint)(field << 3 | 2));
        WriteVarint(output, (uint)value.Length);
        output.Write(value, 0, value.Length);
    }

    private static void WriteVarint(Stream output, uint value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        output.WriteByte((byte)value);
    }
}
