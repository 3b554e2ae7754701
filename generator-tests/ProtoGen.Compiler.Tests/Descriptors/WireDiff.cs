using System.Text;

namespace ProtoGen.Compiler.Tests.Descriptors;

/// <summary>Says where two encoded messages first differ, as a path of field numbers (and record indexes), descending
/// into length-delimited records that parse as messages: readable failures for byte-equality tests.</summary>
internal static class WireDiff
{
    private readonly record struct Record(int Number, int WireType, byte[] Bytes);

    public static string FirstDifference(byte[] expected, byte[] actual) => Compare(expected, actual, "") ?? "(no difference)";

    private static string? Compare(byte[] expected, byte[] actual, string path)
    {
        var left = TryRead(expected);
        var right = TryRead(actual);
        if (left is null || right is null)
        {
            return expected.AsSpan().SequenceEqual(actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }
        for (int i = 0; i < Math.Max(left.Count, right.Count); i++)
        {
            if (i >= left.Count) return $"{path}/[{i}]: unexpected extra field {right[i].Number} = {Show(right[i].Bytes)}";
            if (i >= right.Count) return $"{path}/[{i}]: missing field {left[i].Number} = {Show(left[i].Bytes)}";
            if (left[i].Number != right[i].Number || left[i].WireType != right[i].WireType)
            {
                return $"{path}/[{i}]: expected field {left[i].Number} (wire type {left[i].WireType}) = {Show(left[i].Bytes)}, got field {right[i].Number} (wire type {right[i].WireType}) = {Show(right[i].Bytes)}";
            }
            if (!left[i].Bytes.AsSpan().SequenceEqual(right[i].Bytes))
            {
                var where = $"{path}/{left[i].Number}[{i}]";
                return left[i].WireType == 2 ? Compare(left[i].Bytes, right[i].Bytes, where) : $"{where}: expected {Show(left[i].Bytes)}, got {Show(right[i].Bytes)}";
            }
        }
        return null;
    }

    private static string Show(byte[] bytes)
    {
        var text = new string(bytes.Take(40).Select(b => b is >= 32 and < 127 ? (char)b : '.').ToArray());
        return Convert.ToHexString(bytes, 0, Math.Min(bytes.Length, 40)) + " \"" + text + "\"";
    }

    /// <summary>The records of a message, or null when the bytes do not parse as one (a string, packed values).</summary>
    private static List<Record>? TryRead(byte[] data)
    {
        var records = new List<Record>();
        int position = 0;
        try
        {
            while (position < data.Length)
            {
                ulong tag = Varint(data, ref position);
                int number = (int)(tag >> 3), wireType = (int)(tag & 7);
                if (number <= 0) return null;
                int start = position;
                switch (wireType)
                {
                    case 0: Varint(data, ref position); break;
                    case 1: position += 8; break;
                    case 5: position += 4; break;
                    case 2:
                        int length = checked((int)Varint(data, ref position));
                        start = position;
                        position += length;
                        break;
                    case 3: case 4: break;
                    default: return null;
                }
                if (position > data.Length) return null;
                records.Add(new Record(number, wireType, data[start..position]));
            }
            return records;
        }
        catch (Exception exception) when (exception is IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    private static ulong Varint(byte[] data, ref int position)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new OverflowException();
    }
}
