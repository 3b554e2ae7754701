namespace ProtoGen.Compiler.CSharp;

/// <summary>Wire types, numbered as on the wire.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>Tags computed at emit time, so that generated code writes precomputed bytes and switches on constants.</summary>
internal static class WireTags
{
    public static uint MakeTag(int fieldNumber, WireType wireType) => ((uint)fieldNumber << 3) | (uint)wireType;

    /// <summary>The varint bytes of a tag as a call, e.g. <c>writer.WriteRawTag(146, 1);</c>, on
    /// <paramref name="receiver"/> (the writer, or a run).</summary>
    public static string WriteRawTag(int fieldNumber, WireType wireType, string receiver = "writer")
    {
        uint tag = MakeTag(fieldNumber, wireType);
        var bytes = new List<string>(5);
        while (tag >= 0x80)
        {
            bytes.Add(((tag & 0x7F) | 0x80).ToString(System.Globalization.CultureInfo.InvariantCulture));
            tag >>= 7;
        }
        bytes.Add(tag.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return receiver + ".WriteRawTag(" + string.Join(", ", bytes) + ");";
    }

    public static int TagSize(int fieldNumber)
    {
        uint tag = MakeTag(fieldNumber, WireType.Varint);
        int size = 1;
        while (tag >= 0x80)
        {
            size++;
            tag >>= 7;
        }
        return size;
    }

    /// <summary>A tag as a case label constant.</summary>
    public static string Case(int fieldNumber, WireType wireType) =>
        "case " + MakeTag(fieldNumber, wireType).ToString(System.Globalization.CultureInfo.InvariantCulture) + ":";
}
