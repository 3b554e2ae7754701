using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET
using System.Runtime.Intrinsics;
#endif

namespace ProtoGen.Wire;

/// <summary>Strings and bytes: a length prefix, then the UTF-8 text (encoded straight into the buffer) or the bytes.</summary>
public ref partial struct WireWriter
{
    /// <summary>Writes a length prefix and the string's UTF-8 bytes, encoded straight into the buffer.</summary>
    /// <remarks>Unpaired surrogates become U+FFFD, as Encoding.UTF8 (and so Google.Protobuf) writes them.</remarks>
    public void WriteString(string value)
    {
        // Strings of 1 to 64 ASCII chars (most codes, ids, keys, names, titles, UUIDs, emails and URLs; 1 to 32 where
        // 256-bit vectors are not in hardware, as on Arm) are written inline, with their own space check.
        if ((uint)(value.Length - 1) < (uint)WireFormat.InlineAsciiLimit && TryWriteShortAscii(value))
        {
            return;
        }

        // A string of at most 127 chars that is all ASCII, or of at most 42 chars whatever its text (at most 126 UTF-8
        // bytes), has a one-byte prefix: encode first, then fill in the prefix, and skip counting the bytes twice.
        if (value.Length <= 127)
        {
            if ((uint)_position >= (uint)_buffer.Length)
            {
                ThrowOutOfSpace();
            }

            Span<byte> destination = _buffer.Slice(_position + 1);
            int written;
            if (value.Length is >= 1 and <= 32)
            {
                // Not ASCII (or no room, which the encoder reports): TryWriteShortAscii has looked at every char already.
                written = EncodeUtf8(value, destination);
            }
            else if (value.Length > WireFormat.InlineAsciiLimit && System.Text.Ascii.FromUtf16(value, destination, out int narrowed) == OperationStatus.Done)
            {
                // 65 (or 33) to 127 chars (and the empty string) try the ASCII narrowing first: it costs less than the UTF-8
                // encoder's setup, it stops at the first non-ASCII char, and above 42 chars it spares the widest-prefix
                // path below its shift.
                written = narrowed;
            }
            else if (value.Length <= 42)
            {
                written = EncodeUtf8(value, destination);
            }
            else
            {
                WriteLongString(value);
                return;
            }

            _buffer[_position] = (byte)written;
            _position += 1 + written;
            return;
        }

        // Strings of 43 to 127 chars reach WriteLongString above after their own narrowing failed; these have not.
        if (!TryWriteLongAscii(value))
        {
            WriteLongString(value);
        }
    }

    // A string of more than 127 chars that is all ASCII (descriptions, URLs, tokens, base64): one byte per char, so
    // its prefix is known before it is narrowed, and .NET's narrowing is faster on it than the encoder's ASCII blocks.
    // Other text stops the narrowing at its first non-ASCII char (early, in most such text): false, and the position is unchanged.
    private bool TryWriteLongAscii(string value)
    {
        int asciiPrefix = WireSize.Varint32((uint)value.Length);
        if (_position + asciiPrefix > _buffer.Length
            || System.Text.Ascii.FromUtf16(value, _buffer.Slice(_position + asciiPrefix), out int narrowed) != OperationStatus.Done)
        {
            return false;
        }

        WriteVarint32((uint)narrowed);
        _position += narrowed;
        return true;
    }

    // A string that may need a prefix of more than one byte.
    private void WriteLongString(string value)
    {
        // Reserve the widest prefix the string could need (3 UTF-8 bytes per char at most), encode once straight after
        // it, then shift the bytes left if the real prefix is shorter. Counting the bytes first, as the size pass
        // already did, would read the string a second time.
        int maxPrefix = WireSize.Varint32((uint)value.Length * 3);
        if (value.Length <= MaxStringLengthForSinglePass && _position + maxPrefix <= _buffer.Length)
        {
            Span<byte> destination = _buffer.Slice(_position + maxPrefix);
            if (Utf8Transcoder.TryEncode(value, destination, out int encoded))
            {
                int prefix = WireSize.Varint32((uint)encoded);
                if (prefix < maxPrefix)
                {
                    MoveLeft(ref At(_position + prefix), ref At(_position + maxPrefix), encoded);
                }

                WriteVarint32((uint)encoded);
                _position += encoded;
                return;
            }
        }

        // Near the end of the buffer the widest prefix may not fit: count first, then encode into the exact space.
        int byteCount = Utf8Transcoder.GetByteCount(value);
        WriteVarint32((uint)byteCount);
        EncodeUtf8(value, Reserve(byteCount));
    }

    // Above this many chars the shift after a too-wide prefix could copy megabytes; count first instead.
    internal const int MaxStringLengthForSinglePass = 64 * 1024;

    /// <summary>Writes a length prefix and the bytes.</summary>
    public void WriteBytes(ByteString value)
    {
        ReadOnlySpan<byte> bytes = value.Span;
        if ((uint)(bytes.Length - 1) < 64)
        {
            // 1 to 64 bytes (ids, hashes, keys, small blobs, packed Any values): the one-byte prefix and the bytes under
            // one space check, copied in overlapping loads and stores instead of a call to the general memmove.
            ref byte destination = ref ReserveRef(1 + bytes.Length);
            destination = (byte)bytes.Length;
            CopySmall(ref MemoryMarshal.GetReference(bytes), ref Unsafe.Add(ref destination, 1), bytes.Length);
            return;
        }

        WriteVarint32((uint)bytes.Length);
        WriteRawBytes(bytes);
    }

#if NET
    // Writes a string of 1 to 64 chars (the caller checks the length; the most common codes, ids, keys, names, titles,
    // UUIDs, emails and URLs) with its one-byte prefix if it is all ASCII: two (or four) overlapping loads of 4, 8 or 16
    // chars, one test of the bits only non-ASCII chars have, and the chars narrowed to bytes in two overlapping stores
    // of 4, 8, 16 or 32 bytes (1 to 3 chars: the first, middle and last char, one at a time). Returns false, writing
    // nothing, for other strings.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryWriteShortAscii(string value)
    {
        int length = value.Length;
        if (length >= _buffer.Length - _position)
        {
            return false;
        }

        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value.AsSpan()));
        ref byte destination = ref At(_position);
        if (length < 8)
        {
            // Up to 7 chars: one gathered test and narrowing, cheaper than Ascii.FromUtf16's call and loop setup.
            if (!TryWriteTinyAscii(ref chars, length, ref Unsafe.Add(ref destination, 1)))
            {
                return false;
            }

            destination = (byte)length;
        }
        else if (length <= 16)
        {
            Vector128<ushort> head = Vector128.LoadUnsafe(ref chars);
            Vector128<ushort> tail = Vector128.LoadUnsafe(ref chars, (nuint)(length - 8));
            if (((head | tail) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
            {
                return false;
            }

            destination = (byte)length;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 1), Vector128.Narrow(head, head).AsUInt64().ToScalar());
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 1 + length - 8), Vector128.Narrow(tail, tail).AsUInt64().ToScalar());
        }
        else if (length <= 32)
        {
            Vector128<ushort> head0 = Vector128.LoadUnsafe(ref chars);
            Vector128<ushort> head1 = Vector128.LoadUnsafe(ref chars, 8);
            Vector128<ushort> tail0 = Vector128.LoadUnsafe(ref chars, (nuint)(length - 16));
            Vector128<ushort> tail1 = Vector128.LoadUnsafe(ref chars, (nuint)(length - 8));
            if (((head0 | head1 | tail0 | tail1) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
            {
                return false;
            }

            destination = (byte)length;
            Vector128.Narrow(head0, head1).StoreUnsafe(ref Unsafe.Add(ref destination, 1));
            Vector128.Narrow(tail0, tail1).StoreUnsafe(ref Unsafe.Add(ref destination, 1 + length - 16));
        }
        else
        {
            // 33 to 64 chars (UUIDs, emails, URLs, type URLs, hex digests): the first 32 and the last 32, where
            // Ascii.FromUtf16's call and loop setup took most of the time.
            Vector256<ushort> head0 = Vector256.LoadUnsafe(ref chars);
            Vector256<ushort> head1 = Vector256.LoadUnsafe(ref chars, 16);
            Vector256<ushort> tail0 = Vector256.LoadUnsafe(ref chars, (nuint)(length - 32));
            Vector256<ushort> tail1 = Vector256.LoadUnsafe(ref chars, (nuint)(length - 16));
            if (((head0 | head1 | tail0 | tail1) & Vector256.Create((ushort)0xFF80)) != Vector256<ushort>.Zero)
            {
                return false;
            }

            destination = (byte)length;
            Vector256.Narrow(head0, head1).StoreUnsafe(ref Unsafe.Add(ref destination, 1));
            Vector256.Narrow(tail0, tail1).StoreUnsafe(ref Unsafe.Add(ref destination, 1 + length - 32));
        }

        _position += 1 + length;
        return true;
    }

    // Narrows 1 to 7 chars into destination if they are all ASCII; returns false, writing nothing, otherwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryWriteTinyAscii(ref ushort chars, int length, ref byte destination)
    {
        if (length >= 4)
        {
            // The first four chars and the last four (overlapping when fewer than 8), each one ulong.
            ulong head = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref chars));
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref chars, length - 4)));
            if (((head | tail) & 0xFF80_FF80_FF80_FF80UL) != 0)
            {
                return false;
            }

            Unsafe.WriteUnaligned(ref destination, NarrowFour(head));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, length - 4), NarrowFour(tail));
            return true;
        }

        // 1 to 3 chars: the first, the middle and the last (the same char more than once when shorter), without a loop.
        int middle = length >> 1;
        uint first = chars;
        uint center = Unsafe.Add(ref chars, middle);
        uint last = Unsafe.Add(ref chars, length - 1);
        if ((first | center | last) >= 0x80)
        {
            return false;
        }

        destination = (byte)first;
        Unsafe.Add(ref destination, middle) = (byte)center;
        Unsafe.Add(ref destination, length - 1) = (byte)last;
        return true;
    }

    // Four ASCII chars (one ulong) narrowed to four bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NarrowFour(ulong chars)
    {
        Vector128<ushort> wide = Vector128.CreateScalar(chars).AsUInt16();
        return Vector128.Narrow(wide, wide).AsUInt32().ToScalar();
    }

#else
    // Writes a string of 1 to 32 chars (the caller checks the length) with its one-byte prefix if it is all ASCII, a
    // char at a time; returns false, writing nothing, for other strings.
    private bool TryWriteShortAscii(string value)
    {
        int length = value.Length;
        if (length >= _buffer.Length - _position)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c >= 0x80)
            {
                return false;
            }
        }

        Span<byte> destination = _buffer.Slice(_position, 1 + length);
        destination[0] = (byte)length;
        for (int i = 0; i < length; i++)
        {
            destination[1 + i] = (byte)value[i];
        }

        _position += 1 + length;
        return true;
    }

#endif
    private static int EncodeUtf8(string value, Span<byte> destination)
    {
        if (!Utf8Transcoder.TryEncode(value, destination, out int written))
        {
            ThrowOutOfSpace();
        }

        return written;
    }
}
