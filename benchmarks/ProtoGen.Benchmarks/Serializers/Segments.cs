using System.Buffers;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Benchmarks.Serializers;

/// <summary>Splits bytes into a multi-segment sequence, as a pipe hands a large gRPC payload over.</summary>
internal static class Segments
{
    // Kestrel's pipes use 4 KiB blocks; small messages still get two segments so the multi-segment path runs.
    private const int MaxSegmentLength = 4096;

    public static ReadOnlySequence<byte> Split(byte[] bytes) =>
        Sequences.Segmented(bytes, Math.Max(1, Math.Min(MaxSegmentLength, (bytes.Length + 1) / 2)));
}
