using System.Buffers;

namespace ProtoGen.Tests.Infrastructure;

/// <summary>Multi-segment <see cref="ReadOnlySequence{T}"/> inputs, as pipelines and gRPC hand them to a parser.</summary>
public static class Sequences
{
    /// <summary>Splits <paramref name="bytes"/> into segments of at most <paramref name="segmentLength"/> bytes.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentLength)
    {
        if (bytes.Length == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Segment(bytes.AsMemory(0, Math.Min(segmentLength, bytes.Length)), 0);
        var last = first;
        for (int start = segmentLength; start < bytes.Length; start += segmentLength)
        {
            last = last.Append(bytes.AsMemory(start, Math.Min(segmentLength, bytes.Length - start)));
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>A sequence of one segment per piece, in order (empty pieces make empty segments).</summary>
    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] pieces)
    {
        var first = new Segment(pieces[0], 0);
        var last = first;
        for (int i = 1; i < pieces.Length; i++)
        {
            last = last.Append(pieces[i]);
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="bytes"/> into <paramref name="pieces"/> segments of near-equal length.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, int pieces) =>
        Segmented(bytes, Math.Max(1, (bytes.Length + pieces - 1) / pieces));

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
