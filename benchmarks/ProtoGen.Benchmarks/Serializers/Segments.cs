using System.Buffers;

namespace ProtoGen.Benchmarks.Serializers;

/// <summary>Splits bytes into a multi-segment sequence, as a pipe hands a large gRPC payload over.</summary>
internal static class Segments
{
    // Kestrel's pipes use 4 KiB blocks; small messages still get two segments so the multi-segment path runs.
    private const int MaxSegmentLength = 4096;

    public static ReadOnlySequence<byte> Split(byte[] bytes)
    {
        int segmentLength = Math.Max(1, Math.Min(MaxSegmentLength, (bytes.Length + 1) / 2));
        var first = new Segment(bytes.AsMemory(0, Math.Min(segmentLength, bytes.Length)), 0);
        Segment last = first;
        for (int start = segmentLength; start < bytes.Length; start += segmentLength)
        {
            last = last.Append(bytes.AsMemory(start, Math.Min(segmentLength, bytes.Length - start)));
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

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
