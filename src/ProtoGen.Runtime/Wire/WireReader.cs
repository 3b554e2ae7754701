using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET
using System.Runtime.Intrinsics;
#endif
using System.Text;

namespace ProtoGen.Wire;

/// <summary>Reads protobuf values from one contiguous span; every malformed input throws InvalidProtocolBufferException.</summary>
/// <remarks>
/// Lengths are checked against the bytes left before anything is allocated, so forged lengths cannot cause large
/// allocations. Generated MergeFrom loops on <c>while ((tag = reader.ReadTag()) != 0)</c>: ReadTag returns 0 at the
/// end of the current message and on the END_GROUP tag that closes the group being read.
/// </remarks>
public ref partial struct WireReader
{
    /// <summary>How deeply messages and groups may nest by default, as in Google.Protobuf.</summary>
    public const int DefaultRecursionLimit = 100;

    // The longest varint: 64 bits in groups of 7.
    private const int MaxVarintLength = 10;

    // Non-ASCII strings of up to this many bytes are decoded into a buffer on the stack (2 KiB of chars).
    private const int StackDecodeLimit = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _recursionLimit;
    private int _position;
    private int _limit;
    private int _depth;
    private uint _lastTag;
    private int _lastTagStart;

    // The END_GROUP tag that ends the group being read (0 if none), and the depth at which its fields are read:
    // ReadTag treats that tag as the end only at that depth, so inside nested messages and map entries it is an error.
    private uint _groupEndTag;
    private int _groupDepth;

    /// <summary>Creates a reader over <paramref name="buffer"/> with the default recursion limit (100).</summary>
    public WireReader(ReadOnlySpan<byte> buffer)
        : this(buffer, DefaultRecursionLimit)
    {
    }

    /// <summary>Creates a reader over <paramref name="buffer"/> with the given recursion limit.</summary>
    public WireReader(ReadOnlySpan<byte> buffer, int recursionLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recursionLimit);
        _buffer = buffer;
        _recursionLimit = recursionLimit;
        _position = 0;
        _limit = buffer.Length;
        _depth = 0;
        _lastTag = 0;
        _lastTagStart = 0;
        _groupEndTag = 0;
        _groupDepth = -1;
        ExtensionRegistry = null;
    }

    /// <summary>The extensions that messages read as typed values (null: every extension stays an unknown field).</summary>
    public ExtensionRegistry? ExtensionRegistry { readonly get; set; }

    /// <summary>Offset of the next byte to read from the start of the buffer.</summary>
    public readonly int Position => _position;

    /// <summary>True when the current limit (end of buffer or of the sub-message) is reached.</summary>
    public readonly bool IsAtEnd => _position >= _limit;

    /// <summary>Bytes left before the current limit.</summary>
    public readonly int BytesUntilLimit => _limit - _position;

    /// <summary>The last tag ReadTag() read (0 at the end of a message).</summary>
    public readonly uint LastTag => _lastTag;

    /// <summary>Current nesting depth of messages and groups.</summary>
    public readonly int Depth => _depth;

    /// <summary>The whole buffer, for copying unknown fields verbatim.</summary>
    internal readonly ReadOnlySpan<byte> Buffer => _buffer;

    /// <summary>Where the last tag read started, for copying unknown fields verbatim.</summary>
    public readonly int LastTagStart => _lastTagStart;

    /// <summary>Reads the next tag; returns 0 at the end of the message or on the END_GROUP closing the current group.</summary>
    /// <exception cref="InvalidProtocolBufferException">The tag's field number is 0, or the varint is malformed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadTag()
    {
        int position = _position;
        if (position >= _limit)
        {
            _lastTag = 0;
            return 0;
        }

        _lastTagStart = position;
        uint tag = ByteAt(position);
        if (tag < 0x80)
        {
            _position = position + 1;
        }
        else
        {
            tag = ReadVarint32Slow();
        }

        if (tag < 8)
        {
            throw InvalidProtocolBufferException.InvalidTag();
        }

        _lastTag = tag;
        return tag == _groupEndTag && _depth == _groupDepth ? 0 : tag;
    }

    /// <summary>Reads an int32 varint (10-byte negative encodings are accepted and truncated to 32 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadInt32() => (int)ReadVarint32();

    /// <summary>Reads an int64 varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadInt64() => (long)ReadVarint64();

    /// <summary>Reads a uint32 varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadUInt32() => ReadVarint32();

    /// <summary>Reads a uint64 varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadUInt64() => ReadVarint64();

    /// <summary>Reads a sint32 (ZigZag varint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadSInt32() => WireFormat.DecodeZigZag32(ReadVarint32());

    /// <summary>Reads a sint64 (ZigZag varint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadSInt64() => WireFormat.DecodeZigZag64(ReadVarint64());

    /// <summary>Reads an enum value (encoded like int32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadEnum() => (int)ReadVarint32();

    /// <summary>Reads a bool; any non-zero varint is true.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBool() => ReadVarint64() != 0;

    /// <summary>Reads a little-endian fixed32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>Reads a little-endian fixed64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>Reads a little-endian sfixed32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadSFixed32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a little-endian sfixed64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadSFixed64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>Reads a float from its little-endian IEEE 754 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ReadFloat() => BitConverter.UInt32BitsToSingle(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)));

    /// <summary>Reads a double from its little-endian IEEE 754 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ReadDouble() => BitConverter.UInt64BitsToDouble(BinaryPrimitives.ReadUInt64LittleEndian(Take(8)));

    /// <summary>Reads a length-prefixed UTF-8 string; invalid UTF-8 throws.</summary>
    [SkipLocalsInit]
    public string ReadString()
    {
        ReadOnlySpan<byte> bytes = ReadLengthDelimited();
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

#if NET
        if (bytes.Length <= WireFormat.InlineAsciiLimit && BitConverter.IsLittleEndian)
        {
            string? ascii = bytes.Length switch
            {
                < 8 => TinyAsciiString(bytes),
                <= 16 => ShortAsciiString(bytes),
                <= 32 => MediumAsciiString(bytes),
                _ => LongerAsciiString(bytes),
            };
            if (ascii is not null)
            {
                return ascii;
            }
        }
        else if (System.Text.Ascii.IsValid(bytes))
        {
            // All ASCII, which is valid UTF-8 and one char per byte: widened in one pass, where the UTF-8 decoder first
            // counts chars and then transcodes.
            return LongAsciiString(bytes);
        }

#endif
        if (bytes.Length <= StackDecodeLimit)
        {
            // Other text is decoded once onto the stack and copied into the string. Encoding.GetString would first
            // count the chars (to allocate the string) and then decode: two passes where one is the costly one.
            // Utf8Transcoder's decoder takes 32 bytes at a time where .NET's takes 2- and 3-byte text a few bytes at a
            // time. A UTF-8 string never has more UTF-16 chars than bytes, so the buffer is big enough.
            Span<char> chars = stackalloc char[StackDecodeLimit];
            if (!Utf8Transcoder.TryDecode(bytes, chars, out int written))
            {
                throw InvalidProtocolBufferException.InvalidUtf8();
            }

#if NET
            return written <= 32 ? ShortDecodedString(chars, written) : new string(chars.Slice(0, written));
#else
            return chars.Slice(0, written).ToString();
#endif
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw InvalidProtocolBufferException.InvalidUtf8(e);
        }
    }

#if NET
    // A string of 1 to 7 bytes (codes such as "US" or "USD", states, enum-like names, short ids and names) if they are
    // all ASCII, else null. Its bytes are gathered into one ulong, tested for the bits only non-ASCII bytes have, and
    // widened into the new string, where Ascii.IsValid and Encoding.Latin1.GetString spend more on their calls and loop
    // setup than on so few bytes. No load reads outside the string's own bytes.
    private static string? TinyAsciiString(ReadOnlySpan<byte> bytes)
    {
        ref byte first = ref MemoryMarshal.GetReference(bytes);
        int length = bytes.Length;
        ulong packed;
        if (length >= 4)
        {
            // Two overlapping 4-byte loads cover 4 to 7 bytes; the second is shifted to its place, where the bytes both
            // loads hold land on themselves.
            uint head = Unsafe.ReadUnaligned<uint>(ref first);
            uint tail = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref first, length - 4));
            packed = head | ((ulong)tail << ((length - 4) * 8));
        }
        else
        {
            // 1 to 3 bytes: the first, the middle and the last byte (the same byte twice or three times when shorter),
            // without a loop.
            int middle = length >> 1;
            packed = first | ((uint)Unsafe.Add(ref first, middle) << (middle * 8)) | ((uint)Unsafe.Add(ref first, length - 1) << ((length - 1) * 8));
        }

        if ((packed & 0x8080_8080_8080_8080UL) != 0)
        {
            return null;
        }

        return string.Create(length, packed, static (chars, packed) =>
        {
            ref ushort destination = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
            int length = chars.Length;
            if (length >= 4)
            {
                // The first four chars and the last four, widened from the packed bytes, in two overlapping stores.
                Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref destination), WidenFour(packed));
                Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref destination, length - 4)), WidenFour(packed >> ((length - 4) * 8)));
            }
            else
            {
                int middle = length >> 1;
                destination = (byte)packed;
                Unsafe.Add(ref destination, middle) = (byte)(packed >> (middle * 8));
                Unsafe.Add(ref destination, length - 1) = (byte)(packed >> ((length - 1) * 8));
            }
        });
    }

    // The low four bytes of a value widened to four UTF-16 chars, as one ulong.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong WidenFour(ulong bytes) => Vector128.WidenLower(Vector128.CreateScalar(bytes).AsByte()).AsUInt64().ToScalar();

    // A string of 8 to 16 bytes (the most common ids, keys and names) if they are all ASCII, else null: two
    // overlapping 8-byte loads, one test of the bits only non-ASCII bytes have, and the bytes widened to chars
    // straight into the new string, without the UTF-8 decoder's separate counting and decoding passes.
    private static string? ShortAsciiString(ReadOnlySpan<byte> bytes)
    {
        ref byte first = ref MemoryMarshal.GetReference(bytes);
        ulong head = Unsafe.ReadUnaligned<ulong>(ref first);
        ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, bytes.Length - 8));
        if (((head | tail) & 0x8080_8080_8080_8080UL) != 0)
        {
            return null;
        }

        return string.Create(bytes.Length, (head, tail), static (chars, state) =>
        {
            ref ushort destination = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
            Vector128.WidenLower(Vector128.CreateScalar(state.head).AsByte()).StoreUnsafe(ref destination);
            Vector128.WidenLower(Vector128.CreateScalar(state.tail).AsByte()).StoreUnsafe(ref destination, (nuint)(chars.Length - 8));
        });
    }

    // The same for 17 to 32 bytes: two overlapping 16-byte loads, each widened into 16 chars.
    private static string? MediumAsciiString(ReadOnlySpan<byte> bytes)
    {
        ref byte first = ref MemoryMarshal.GetReference(bytes);
        Vector128<byte> head = Vector128.LoadUnsafe(ref first);
        Vector128<byte> tail = Vector128.LoadUnsafe(ref first, (nuint)(bytes.Length - 16));
        if (((head | tail) & Vector128.Create((byte)0x80)) != Vector128<byte>.Zero)
        {
            return null;
        }

        return string.Create(bytes.Length, (head, tail), static (chars, state) =>
        {
            ref ushort destination = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
            (Vector128<ushort> headLow, Vector128<ushort> headHigh) = Vector128.Widen(state.head);
            (Vector128<ushort> tailLow, Vector128<ushort> tailHigh) = Vector128.Widen(state.tail);
            headLow.StoreUnsafe(ref destination);
            headHigh.StoreUnsafe(ref destination, 8);
            tailLow.StoreUnsafe(ref destination, (nuint)(chars.Length - 16));
            tailHigh.StoreUnsafe(ref destination, (nuint)(chars.Length - 8));
        });
    }

    // The same for 33 to 64 bytes (UUIDs, emails, URLs, type URLs, hex digests), where Ascii.IsValid and
    // Encoding.Latin1.GetString spent most of their time in their calls and loop setup: two overlapping 32-byte loads.
    private static string? LongerAsciiString(ReadOnlySpan<byte> bytes)
    {
        ref byte first = ref MemoryMarshal.GetReference(bytes);
        Vector256<byte> head = Vector256.LoadUnsafe(ref first);
        Vector256<byte> tail = Vector256.LoadUnsafe(ref first, (nuint)(bytes.Length - 32));
        if (((head | tail) & Vector256.Create((byte)0x80)) != Vector256<byte>.Zero)
        {
            return null;
        }

        return string.Create(bytes.Length, (head, tail), static (chars, state) =>
        {
            ref ushort destination = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
            (Vector256<ushort> headLow, Vector256<ushort> headHigh) = Vector256.Widen(state.head);
            (Vector256<ushort> tailLow, Vector256<ushort> tailHigh) = Vector256.Widen(state.tail);
            headLow.StoreUnsafe(ref destination);
            headHigh.StoreUnsafe(ref destination, 16);
            tailLow.StoreUnsafe(ref destination, (nuint)(chars.Length - 32));
            tailHigh.StoreUnsafe(ref destination, (nuint)(chars.Length - 16));
        });
    }

#endif
#if NET
    // A string of the first 1 to 32 of `decoded`'s chars (which holds at least 32): with AVX-512, one masked store
    // into the new string, which writes exactly its chars, in place of new string(span)'s call into Memmove and its
    // branches on the length. The new string is fresh and private until returned, so writing into it is safe.
    private static unsafe string ShortDecodedString(Span<char> decoded, int length)
    {
        Debug.Assert(length is >= 1 and <= 32 && decoded.Length >= 32, "1 to 32 chars, in a buffer of at least 32.");
#if NET9_0_OR_GREATER
        if (System.Runtime.Intrinsics.X86.Avx512BW.IsSupported)
        {
            string result = new('\0', length); // a new string for any length from 1, which no one else holds yet
            fixed (char* chars = result)
            {
                System.Runtime.Intrinsics.X86.Avx512BW.MaskStore((ushort*)chars, Vector512.LessThan(Vector512<ushort>.Indices, Vector512.Create((ushort)length)),
                    Vector512.LoadUnsafe(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(decoded))));
            }

            return result;
        }
#endif

        return new string(decoded.Slice(0, length));
    }

#endif
#if NET
    // A string of more than WireFormat.InlineAsciiLimit bytes, all ASCII (the caller checked), widened 64 bytes at a
    // time where 512-bit vectors are in hardware (Encoding.Latin1 widens 16 at a time). The last block overlaps the
    // one before it.
    private static unsafe string LongAsciiString(ReadOnlySpan<byte> bytes)
    {
        if (!Vector512.IsHardwareAccelerated || bytes.Length < Vector512<byte>.Count)
        {
            // (Shorter strings come here only where 256-bit vectors are not in hardware, and so neither are these.)
            return Encoding.Latin1.GetString(bytes);
        }

        fixed (byte* ascii = bytes)
        {
            return string.Create(bytes.Length, (IntPtr)ascii, static (chars, ascii) =>
            {
                ref byte source = ref Unsafe.AsRef<byte>((byte*)ascii);
                ref ushort destination = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
                int last = chars.Length - Vector512<byte>.Count;
                for (int i = 0; ; i += Vector512<byte>.Count)
                {
                    int at = Math.Min(i, last);
                    (Vector512<ushort> low, Vector512<ushort> high) = Vector512.Widen(Vector512.LoadUnsafe(ref source, (nuint)at));
                    low.StoreUnsafe(ref destination, (nuint)at);
                    high.StoreUnsafe(ref destination, (nuint)(at + Vector512<ushort>.Count));
                    if (at == last)
                    {
                        return;
                    }
                }
            });
        }
    }

#endif

    /// <summary>Reads a length-prefixed string of a field that is not UTF-8 validated (proto2, editions
    /// <c>utf8_validation = NONE</c>): invalid sequences become U+FFFD instead of failing the parse.</summary>
    public string ReadStringWithoutValidation()
    {
        ReadOnlySpan<byte> bytes = ReadLengthDelimited();
        return bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    private ReadOnlySpan<byte> ReadLengthDelimited()
    {
        int length = ReadLength();
        int position = _position;
        _position = position + length;
#if NET
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(_buffer), position), length);
#else
        return _buffer.Slice(position, length);
#endif
    }

    /// <summary>Reads a length-prefixed bytes value into a new ByteString.</summary>
    public ByteString ReadBytes()
    {
        ReadOnlySpan<byte> bytes = ReadLengthDelimited();
        if (bytes.IsEmpty)
        {
            return ByteString.Empty;
        }

        // Every byte of the array is copied over, so it need not be zeroed first (that matters for large blobs).
        byte[] copy = GC.AllocateUninitializedArray<byte>(bytes.Length);
        if ((uint)(bytes.Length - 1) < 64)
        {
            // 1 to 64 bytes (ids, hashes, keys): two overlapping loads and stores, as the writer copies them, instead of
            // a call to the general memmove.
            WireWriter.CopySmall(ref MemoryMarshal.GetReference(bytes), ref MemoryMarshal.GetArrayDataReference(copy), bytes.Length);
        }
        else
        {
            bytes.CopyTo(copy);
        }

        return ByteString.AttachBytes(copy);
    }

    /// <summary>Reads a length prefix and checks it against the bytes left before the current limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadLength()
    {
        int length = (int)ReadVarint32();
        if ((uint)length > (uint)(_limit - _position))
        {
            ThrowBadLength(length);
        }

        return length;
    }

    /// <summary>Reads a length-delimited sub-message into <paramref name="message"/>, checking the recursion limit.</summary>
    public void ReadMessage(IMessage message)
    {
        int oldLimit = EnterMessage();
        message.MergeFrom(ref this);
        ExitMessage(oldLimit);
    }

    /// <summary>Reads a length-delimited sub-message of a known (generated, sealed) type, checking the recursion limit.</summary>
    /// <remarks>Generated code binds to this overload; inlined at the call site, MergeFrom goes straight to the
    /// generated method instead of through the interface.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReadMessage<T>(T message)
        where T : IMessage
    {
        int oldLimit = EnterMessage();
        message.MergeFrom(ref this);
        ExitMessage(oldLimit);
    }

    /// <summary>Reads a length prefix and enters the nested message it delimits (for inline map entries); pair with ExitMessage.</summary>
    /// <returns>The previous limit, to pass to ExitMessage.</returns>
    public int EnterMessage()
    {
        int length = ReadLength();
        if (_depth >= _recursionLimit)
        {
            throw InvalidProtocolBufferException.RecursionLimitExceeded();
        }

        int oldLimit = _limit;
        _limit = _position + length;
        _depth++;
        return oldLimit;
    }

    /// <summary>Leaves the nested message entered by EnterMessage, checking that all of it was read.</summary>
    public void ExitMessage(int oldLimit)
    {
        if (_position != _limit)
        {
            // The message stopped before its end: its contents do not match its length.
            throw InvalidProtocolBufferException.TruncatedMessage();
        }

        _depth--;
        PopLimit(oldLimit);
    }

    /// <summary>Reads a group's fields into <paramref name="message"/> up to its END_GROUP tag (START_GROUP already read).</summary>
    public void ReadGroup(int fieldNumber, IMessage message)
    {
        if (_depth >= _recursionLimit)
        {
            throw InvalidProtocolBufferException.RecursionLimitExceeded();
        }

        uint endTag = WireFormat.MakeTag(fieldNumber, WireType.EndGroup);
        uint oldGroupEndTag = _groupEndTag;
        int oldGroupDepth = _groupDepth;
        _depth++;
        _groupEndTag = endTag;
        _groupDepth = _depth;
        message.MergeFrom(ref this);
        if (_lastTag != endTag)
        {
            throw InvalidProtocolBufferException.GroupNotClosed();
        }

        _groupEndTag = oldGroupEndTag;
        _groupDepth = oldGroupDepth;
        _depth--;
    }

    /// <summary>Limits reading to the next <paramref name="length"/> bytes; returns the old limit for PopLimit.</summary>
    public int PushLimit(int length)
    {
        if ((uint)length > (uint)(_limit - _position))
        {
            ThrowBadLength(length);
        }

        int oldLimit = _limit;
        _limit = _position + length;
        return oldLimit;
    }

    /// <summary>Restores the limit returned by PushLimit.</summary>
    public void PopLimit(int oldLimit)
    {
        if (oldLimit < _limit || oldLimit > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(oldLimit), "The limit does not come from PushLimit.");
        }

        _limit = oldLimit;
    }

    /// <summary>Skips the value of a field whose tag was just read (any wire type, groups included).</summary>
    /// <exception cref="InvalidProtocolBufferException">The value is truncated, the wire type invalid, or an END_GROUP is unmatched.</exception>
    public void SkipField(uint tag)
    {
        switch (WireFormat.GetTagWireType(tag))
        {
            case WireType.Varint:
                ReadVarint64();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            case WireType.LengthDelimited:
                int length = ReadLength();
                _position += length;
                break;
            case WireType.StartGroup:
                SkipGroup(WireFormat.GetTagFieldNumber(tag));
                break;
            case WireType.EndGroup:
                throw InvalidProtocolBufferException.InvalidEndGroup();
            default:
                throw InvalidProtocolBufferException.InvalidWireType(tag);
        }
    }

    /// <summary>Throws unless the last tag read was <paramref name="expectedTag"/>.</summary>
    public readonly void CheckLastTagWas(uint expectedTag)
    {
        if (_lastTag != expectedTag)
        {
            throw InvalidProtocolBufferException.InvalidEndTag();
        }
    }

    /// <summary>Reads an unsigned varint of up to 10 bytes, keeping the low 32 bits (as protobuf does for int32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadVarint32()
    {
        int position = _position;
        if (position < _limit)
        {
            uint first = ByteAt(position);
            if (first < 0x80)
            {
                _position = position + 1;
                return first;
            }
        }

        return ReadVarint32Slow();
    }

    /// <summary>Reads an unsigned varint of up to 10 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint64()
    {
        int position = _position;
        if (position < _limit)
        {
            ulong first = ByteAt(position);
            if (first < 0x80)
            {
                _position = position + 1;
                return first;
            }
        }

        return ReadVarint64Slow();
    }

    // Bits beyond 32 are dropped (as protobuf does for int32), but the varint must still end within 10 bytes.
    private uint ReadVarint32Slow() => (uint)ReadVarint64Slow();

    private ulong ReadVarint64Slow()
    {
        int position = _position;
        if (_limit - position >= MaxVarintLength)
        {
            // The whole longest varint fits before the limit: decode without checking the limit at every byte. The
            // first two bytes are decoded before the loop: two-byte varints (128 to 16,383: lengths of mid-sized
            // messages, tags of fields 16 to 2,047, prices, counts) are the most common longer ones, and they skip the
            // loop, and longer ones enter it at the third byte.
            ref byte start = ref Unsafe.Add(ref MemoryMarshal.GetReference(_buffer), position);
            ulong result = start;
            if (result < 0x80)
            {
                _position = position + 1;
                return result;
            }

            ulong second = Unsafe.Add(ref start, 1);
            result = (result & 0x7F) | ((second & 0x7F) << 7);
            if (second < 0x80)
            {
                _position = position + 2;
                return result;
            }

            for (int i = 2; i < MaxVarintLength; i++)
            {
                ulong b = Unsafe.Add(ref start, i);
                result |= (b & 0x7F) << (7 * i);
                if (b < 0x80)
                {
                    _position = position + i + 1;
                    return result;
                }
            }

            throw InvalidProtocolBufferException.MalformedVarint();
        }

        return ReadVarint64NearLimit();
    }

    private ulong ReadVarint64NearLimit()
    {
        ulong result = 0;
        int position = _position;
        for (int shift = 0; shift < 7 * MaxVarintLength; shift += 7)
        {
            if (position >= _limit)
            {
                throw InvalidProtocolBufferException.TruncatedMessage();
            }

            ulong b = ByteAt(position++);
            result |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                _position = position;
                return result;
            }
        }

        throw InvalidProtocolBufferException.MalformedVarint();
    }

    private void SkipGroup(int fieldNumber)
    {
        if (_depth >= _recursionLimit)
        {
            throw InvalidProtocolBufferException.RecursionLimitExceeded();
        }

        _depth++;
        while (true)
        {
            if (_position >= _limit)
            {
                throw InvalidProtocolBufferException.GroupNotClosed();
            }

            uint tag = ReadVarint32();
            if (tag < 8)
            {
                throw InvalidProtocolBufferException.InvalidTag();
            }

            if (WireFormat.GetTagWireType(tag) == WireType.EndGroup)
            {
                if (WireFormat.GetTagFieldNumber(tag) != fieldNumber)
                {
                    throw InvalidProtocolBufferException.InvalidEndTag();
                }

                break;
            }

            SkipField(tag);
        }

        _depth--;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        int position = _position;
        if (count > _limit - position)
        {
            throw InvalidProtocolBufferException.TruncatedMessage();
        }

        _position = position + count;
#if NET
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(_buffer), position), count);
#else
        return _buffer.Slice(position, count);
#endif
    }

    // The byte at an offset the caller has checked against _limit. _position <= _limit <= _buffer.Length holds at
    // all times (lengths are checked before limits are pushed, PopLimit rejects limits past the buffer), so the
    // span's own bounds check would test the same thing twice.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly byte ByteAt(int position) => Unsafe.Add(ref MemoryMarshal.GetReference(_buffer), position);

    [DoesNotReturn]
    private static void ThrowBadLength(int length)
    {
        throw length < 0
            ? InvalidProtocolBufferException.NegativeSize()
            : InvalidProtocolBufferException.TruncatedMessage();
    }
}
