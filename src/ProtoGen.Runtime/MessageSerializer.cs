using System.Buffers;
using ProtoGen.Wire;

namespace ProtoGen;

/// <summary>The user-facing serialization calls that generated messages delegate to.</summary>
public static class MessageSerializer
{
    // Streams of unknown length are read in pieces no larger than this before the buffer grows,
    // so a forged length prefix cannot make us allocate memory the data never fills.
    private const int StreamChunkSize = 64 * 1024;

    // Multi-segment payloads up to this size (a Kestrel pipe block) are parsed from a copy on the stack instead of a
    // pooled array: renting and returning one cost more than copying a few KiB (raising it from 512 took two-segment
    // parses of 566- and 614-byte messages from 0.84-0.90x to 0.73-0.84x of Google.Protobuf's time, field-kind
    // screen). The copy is made once per top-level parse, never per nested message.
    private const int StackCopyLimit = 4096;

    // Multi-segment payloads up to this size are copied to a smaller buffer on the stack, which takes no stack probe.
    private const int SmallStackCopyLimit = 512;

    // Every write below is a size pass that records sub-messages' sizes in a SizeTable, then a write pass that reads
    // them back for the length prefixes: each message is sized once, at any depth.

    /// <summary>Serializes <paramref name="message"/> into a new array of exactly its size.</summary>
    public static byte[] ToByteArray(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // A message that uses no size table is sized and written without one.
        SizeTable? sizes = message.UsesSizeTable ? SizeTable.Rent() : null;
        int size = sizes is null ? message.CalculateSize() : message.CalculateSize(sizes);
        if (size == 0)
        {
            sizes?.Return();
            return [];
        }

        // Every byte is written (WriteExactly checks the count), so the array need not be zeroed first: that matters
        // for large messages, whose arrays the GC would otherwise clear before we overwrite them.
        byte[] bytes = GC.AllocateUninitializedArray<byte>(size);
        WriteExactly(message, sizes, bytes, size);
        return bytes;
    }

    /// <summary>Serializes <paramref name="message"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is smaller than the message.</exception>
    public static int WriteTo(IMessage message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        SizeTable sizes = SizeTable.Rent();
        int size = message.CalculateSize(sizes);
        if (destination.Length < size)
        {
            sizes.Return();
            throw new ArgumentException($"The destination holds {destination.Length} bytes but the message needs {size}.", nameof(destination));
        }

        WriteExactly(message, sizes, destination, size);
        return size;
    }

    /// <summary>Serializes <paramref name="message"/> into <paramref name="output"/>: one GetSpan, one Advance, no allocation.</summary>
    /// <remarks>
    /// The span asked for is an upper bound of the size (<see cref="IMessage.CalculateWriteBound"/>) rather than the
    /// size, so that the message's own strings, and those of its small sub-messages of strings, are read once, by the
    /// encoder, instead of twice (counted, then encoded). The bound is up to 3 times
    /// the size of the strings' text (3 bytes per char); above <see cref="MaxBoundedWrite"/> bytes the message is
    /// sized exactly instead, so that no megabytes are asked for that the message does not need. With a bound, a
    /// message changed while it is written (by another thread) can go unnoticed, where the exact size would have
    /// shown it; a sub-message count that no longer matches its size pass is still caught.
    /// </remarks>
    public static void WriteTo(IMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        message.WriteToOutput(output);
    }

    /// <summary>What <see cref="IMessage.WriteToOutput"/> does by default: <see cref="WriteTo(IMessage,
    /// IBufferWriter{byte})"/> through the calls on <see cref="IMessage"/>, for any message.</summary>
    /// <remarks>Plumbing for generated code (down-level, where the interface has no default body), not for users.</remarks>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static void WriteThroughInterface(IMessage message, IBufferWriter<byte> output)
    {
        if (!message.UsesSizeTable)
        {
            WriteWithoutSizeTable(message, output);
            return;
        }

        if (!TryRentWriteBound(message, out SizeTable sizes, out int bound))
        {
            WriteSizedTo(message, message.CalculateSize(sizes), sizes, output);
            return;
        }

        if (bound != 0)
        {
            output.Advance(WriteWithin(message, sizes, GetSpan(output, bound, sizes)));
        }
        else
        {
            sizes.Return();
        }
    }

    /// <summary><see cref="WriteTo(IMessage, IBufferWriter{byte})"/> for a message whose size pass records nothing and
    /// whose write reads nothing from a size table (<see cref="IMessage.UsesSizeTable"/> is false): its methods ignore
    /// the table, so none is rented.</summary>
    /// <remarks>Plumbing for generated code, not for users: such a message's <see cref="IMessage.WriteToOutput"/> calls
    /// it, and it is inlined there, where the message's static type is its sealed class, so that the JIT calls the
    /// message's methods directly (and inlines the small ones) whatever other types have gone through the
    /// serializer.</remarks>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void WriteWithoutSizeTable(IMessage message, IBufferWriter<byte> output)
    {
        int bound = message.CalculateWriteBound(null!);
        if ((uint)bound > MaxBoundedWrite)
        {
            bound = message.CalculateSize();
        }

        if (bound == 0)
        {
            return;
        }

        var writer = new WireWriter(GetSpan(output, bound, sizes: null));
        message.WriteTo(ref writer);
        output.Advance(writer.Position);
    }

    /// <summary>The largest upper bound of a message's size that a write asks its output (or the pool) for.</summary>
    internal const int MaxBoundedWrite = 1024 * 1024;

    // The write bound of message in `bound`, its sub-messages' sizes in `sizes`; or, when the bound is above
    // MaxBoundedWrite (or past int.MaxValue), false and an empty table for the exact size pass.
    private static bool TryRentWriteBound(IMessage message, out SizeTable sizes, out int bound)
    {
        sizes = SizeTable.Rent();
        bound = message.CalculateWriteBound(sizes);
        if ((uint)bound <= MaxBoundedWrite)
        {
            return true;
        }

        sizes.Return();
        sizes = SizeTable.Rent();
        return false;
    }

    // Writes message, sized by CalculateWriteBound(sizes), into a destination of at least its bound; returns the bytes
    // written, and the table.
    private static int WriteWithin(IMessage message, SizeTable sizes, Span<byte> destination)
    {
        var writer = new WireWriter(destination, sizes);
        message.WriteTo(ref writer);
        if (!writer.UsedAllSizes)
        {
            SizeTable.ThrowChanged();
        }

        sizes.Return();
        return writer.Position;
    }

    /// <summary>Writes <paramref name="message"/>, whose <c>CalculateSize(sizes)</c> has just returned
    /// <paramref name="size"/> and filled <paramref name="sizes"/> (from <see cref="SizeTable.Rent"/>), into
    /// <paramref name="output"/> without sizing anything again (gRPC marshallers announce the payload length first),
    /// and returns the table.</summary>
    public static void WriteSizedTo(IMessage message, int size, SizeTable sizes, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(output);
        if (size == 0)
        {
            sizes.Return();
            return;
        }

        WriteExactly(message, sizes, GetSpan(output, size, sizes), size);
        output.Advance(size);
    }

    /// <summary>Serializes <paramref name="message"/> to <paramref name="output"/> through a pooled buffer.</summary>
    /// <remarks>The buffer is rented for the write bound, as <see cref="WriteTo(IMessage, IBufferWriter{byte})"/>
    /// asks for it.</remarks>
    public static void WriteTo(IMessage message, Stream output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        bool bounded = TryRentWriteBound(message, out SizeTable sizes, out int size);
        if (!bounded)
        {
            size = message.CalculateSize(sizes);
        }

        if (size == 0)
        {
            sizes.Return();
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            if (bounded)
            {
                output.Write(buffer, 0, WriteWithin(message, sizes, buffer));
            }
            else
            {
                WriteExactly(message, sizes, buffer, size);
                output.Write(buffer, 0, size);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes the message's size as a varint, then the message, to <paramref name="output"/>.</summary>
    public static void WriteDelimitedTo(IMessage message, Stream output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        SizeTable sizes = SizeTable.Rent();
        int size = message.CalculateSize(sizes);
        int total = WireSize.LengthDelimited(size);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var prefix = new WireWriter(buffer.AsSpan(0, total));
            prefix.WriteLength(size);
            WriteExactly(message, sizes, buffer.AsSpan(prefix.Position), size);
            output.Write(buffer, 0, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Merges the fields encoded in <paramref name="data"/> into <paramref name="message"/>.</summary>
    public static void MergeFrom(IMessage message, ReadOnlySpan<byte> data, ExtensionRegistry? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reader = new WireReader(data) { ExtensionRegistry = extensions };
        message.MergeFrom(ref reader);
        if (!reader.IsAtEnd)
        {
            // MergeFrom stopped before the end: only an END_GROUP with no START_GROUP can make it do that.
            throw InvalidProtocolBufferException.InvalidEndTag();
        }
    }

    /// <summary>Merges <paramref name="data"/> into <paramref name="message"/>; one segment is read in place, more are copied to a pooled buffer.</summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static void MergeFrom(IMessage message, ReadOnlySequence<byte> data, ExtensionRegistry? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (data.IsSingleSegment)
        {
            MergeFrom(message, data.FirstSpan, extensions);
            return;
        }

        // A sequence whose start and end objects differ is made of ReadOnlySequenceSegment<byte>s: arrays, memory
        // managers and the empty sequence keep one object at both ends. Reading the segments directly spares the type
        // checks and the per-segment calls that ReadOnlySequence's own Length and CopyTo make.
        SequencePosition start = data.Start;
        SequencePosition end = data.End;
        var first = System.Runtime.CompilerServices.Unsafe.As<ReadOnlySequenceSegment<byte>>(start.GetObject()!);
        var last = System.Runtime.CompilerServices.Unsafe.As<ReadOnlySequenceSegment<byte>>(end.GetObject()!);
        int startIndex = start.GetInteger();
        int endIndex = end.GetInteger();
        long total = last.RunningIndex + endIndex - (first.RunningIndex + startIndex);
        if ((ulong)total > (ulong)Array.MaxLength)
        {
            throw InvalidProtocolBufferException.SizeLimitExceeded();
        }

        int length = (int)total;
        if (length <= StackCopyLimit)
        {
            // Payloads split across segments (a gRPC frame that straddles two pipe blocks) are copied to the stack;
            // small ones to a buffer that fits in the stack's current page, which takes no stack probe.
            Span<byte> copy = length <= SmallStackCopyLimit ? stackalloc byte[SmallStackCopyLimit] : stackalloc byte[StackCopyLimit];
            CopySegments(first, startIndex, last, endIndex, copy.Slice(0, length));
            MergeFrom(message, copy.Slice(0, length), extensions);
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            CopySegments(first, startIndex, last, endIndex, buffer.AsSpan(0, length));
            MergeFrom(message, buffer.AsSpan(0, length), extensions);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Copies the bytes from startIndex in first to endIndex in last into destination, which is exactly as long as the
    // sequence's length says. A segment chain that does not add up to that length (segments changed after the sequence
    // was made) throws InvalidOperationException, as ReadOnlySequence's own CopyTo does, rather than copying past it.
    private static void CopySegments(ReadOnlySequenceSegment<byte> first, int startIndex, ReadOnlySequenceSegment<byte> last, int endIndex, Span<byte> destination)
    {
        ReadOnlySpan<byte> span = first.Memory.Span.Slice(startIndex);
        ReadOnlySequenceSegment<byte> segment = first;
        int written = 0;
        while (true)
        {
            if (segment == last)
            {
                span = last.Memory.Span.Slice(0, endIndex);
            }

            if (span.Length > destination.Length - written)
            {
                ThrowSegmentsChanged();
            }

            if (span.Length is > 0 and <= 64)
            {
                WireWriter.CopySmall(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(span), ref System.Runtime.CompilerServices.Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination), written), span.Length);
            }
            else
            {
                span.CopyTo(destination.Slice(written));
            }

            written += span.Length;
            if (segment == last)
            {
                break;
            }

            segment = segment.Next ?? ThrowSegmentsChanged();
            span = segment.Memory.Span;
        }

        if (written != destination.Length)
        {
            ThrowSegmentsChanged();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static ReadOnlySequenceSegment<byte> ThrowSegmentsChanged() =>
        throw new InvalidOperationException("The sequence's segments do not add up to its length. Were they changed after it was made?");

    /// <summary>Reads <paramref name="input"/> to its end and merges what it holds into <paramref name="message"/>.</summary>
    public static void MergeFrom(IMessage message, Stream input, ExtensionRegistry? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(input);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialStreamBufferSize(input));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, checked(length * 2));
                }

                int read = input.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            MergeFrom(message, buffer.AsSpan(0, length), extensions);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a varint length prefix, then that many bytes, from <paramref name="input"/> and merges them.</summary>
    /// <returns>False when the stream was already at its end (no message); true when a message was read.</returns>
    public static bool MergeDelimitedFrom(IMessage message, Stream input, ExtensionRegistry? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(input);
        int first = input.ReadByte();
        if (first < 0)
        {
            return false;
        }

        int length = ReadStreamVarint32(input, first);
        if (length < 0)
        {
            throw InvalidProtocolBufferException.NegativeSize();
        }

        if (input.CanSeek && length > input.Length - input.Position)
        {
            throw InvalidProtocolBufferException.TruncatedMessage();
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(length, StreamChunkSize));
        try
        {
            int filled = 0;
            while (filled < length)
            {
                if (filled == buffer.Length)
                {
                    buffer = Grow(buffer, filled, (int)Math.Min(length, (long)filled * 2));
                }

                int read = input.Read(buffer, filled, Math.Min(buffer.Length, length) - filled);
                if (read == 0)
                {
                    throw InvalidProtocolBufferException.TruncatedMessage();
                }

                filled += read;
            }

            MergeFrom(message, buffer.AsSpan(0, length), extensions);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return true;
    }

    // Writes the message's fields into all of destination, whose length is the size its size pass into sizes returned,
    // then returns the table (kept only when the write went through: after an exception it is left to the GC). Not
    // inlined into the entry points above: as its own JIT root it keeps the inlining budget for the message's WriteTo
    // (inlined into a small caller, the budget ran out and writes of small values stayed calls).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    // Writes message, whose CalculateSize(sizes) returned size, at the start of destination (at least size bytes:
    // the writer gets all of them, so that its runs of fields find the slack they ask for past the message's end in
    // the output's or the pool's buffer instead of going through scratch).
    private static void WriteExactly(IMessage message, SizeTable? sizes, Span<byte> destination, int size)
    {
        var writer = new WireWriter(destination, sizes);
        message.WriteTo(ref writer);
        if (writer.Position != size)
        {
            throw new InvalidOperationException(
                $"The message wrote {writer.Position} bytes but CalculateSize() returned {size}. Was it changed while being written?");
        }

        if (!writer.UsedAllSizes)
        {
            SizeTable.ThrowChanged();
        }

        sizes?.Return();
    }

    // The output's span for a write of up to `length` bytes: the whole span, so that a write finds its room in place. A
    // writer that returns less than it was asked for breaks IBufferWriter's contract; the rented table goes back first.
    private static Span<byte> GetSpan(IBufferWriter<byte> output, int length, SizeTable? sizes)
    {
        Span<byte> span = output.GetSpan(length);
        if (span.Length < length)
        {
            sizes?.Return();
            throw new InvalidOperationException($"The buffer writer returned a span of {span.Length} bytes for a request of {length}.");
        }

        return span;
    }

    private static int InitialStreamBufferSize(Stream input)
    {
        if (input.CanSeek)
        {
            long remaining = input.Length - input.Position;
            if (remaining >= 0 && remaining < Array.MaxLength)
            {
                // One byte more than needed, so that reaching the end needs no growth.
                return (int)remaining + 1;
            }
        }

        return 4096;
    }

    private static byte[] Grow(byte[] buffer, int used, int newSize)
    {
        byte[] bigger = ArrayPool<byte>.Shared.Rent(newSize);
        buffer.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    private static int ReadStreamVarint32(Stream input, int first)
    {
        uint result = (uint)first & 0x7F;
        if (first < 0x80)
        {
            return (int)result;
        }

        for (int shift = 7; shift < 70; shift += 7)
        {
            int b = input.ReadByte();
            if (b < 0)
            {
                throw InvalidProtocolBufferException.TruncatedMessage();
            }

            if (shift < 32)
            {
                result |= ((uint)b & 0x7F) << shift;
            }

            if (b < 0x80)
            {
                return (int)result;
            }
        }

        throw InvalidProtocolBufferException.MalformedVarint();
    }
}
