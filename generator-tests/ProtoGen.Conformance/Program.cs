using System.Buffers.Binary;
using Conformance;
using ProtoGen;

namespace ProtoGen.Conformance;

/// <summary>
/// The conformance testee: reads requests framed as a 4-byte little-endian length and a <c>ConformanceRequest</c>
/// from stdin, answers each with a length and a <c>ConformanceResponse</c> on stdout, until stdin ends.
/// Only the binary format is implemented; JSON, text format and JSPB requests are answered as skipped.
/// </summary>
public static class Program
{
    public static int Main()
    {
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        var lengthBuffer = new byte[4];
        while (ReadExactly(input, lengthBuffer))
        {
            var requestBytes = new byte[BinaryPrimitives.ReadInt32LittleEndian(lengthBuffer)];
            if (!ReadExactly(input, requestBytes)) throw new EndOfStreamException("The request ended early.");
            var request = ConformanceRequest.Parser.ParseFrom(requestBytes);
            byte[] responseBytes = Testee.Handle(request).ToByteArray();
            BinaryPrimitives.WriteInt32LittleEndian(lengthBuffer, responseBytes.Length);
            output.Write(lengthBuffer);
            output.Write(responseBytes);
            output.Flush();
        }
        return 0;
    }

    // False when the stream ends before the first byte; an end in the middle is an error.
    private static bool ReadExactly(Stream input, byte[] buffer)
    {
        int read = input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read == 0) return false;
        if (read < buffer.Length) throw new EndOfStreamException("The input ended inside a frame.");
        return true;
    }
}
