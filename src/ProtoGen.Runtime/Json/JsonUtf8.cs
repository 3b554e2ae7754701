using System.Buffers;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif
using ProtoGen.Wire;

namespace ProtoGen.Json;

/// <summary>
/// UTF-8 &lt;-&gt; UTF-16 for the JSON entry points that take or give strings, through the runtime's transcoder
/// (<see cref="Utf8Transcoder"/>, vectorized on .NET) and pooled buffers: one decode straight into a buffer the string
/// is copied from, where Encoding.GetString first counts the chars and then decodes.
/// </summary>
internal static class JsonUtf8
{
    private const int StackChars = 256;

    /// <summary>The string <paramref name="utf8"/> holds; false when it is not valid UTF-8.</summary>
    [SkipLocalsInit]
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out string text)
    {
        if (utf8.IsEmpty)
        {
            text = string.Empty;
            return true;
        }
        // UTF-8 never has fewer bytes than the UTF-16 chars it decodes to, so utf8.Length chars are room enough.
        if (utf8.Length <= StackChars)
        {
            Span<char> chars = stackalloc char[StackChars];
            if (!Utf8Transcoder.TryDecode(utf8, chars, out int written))
            {
                text = string.Empty;
                return false;
            }
            text = chars.Slice(0, written).ToString();
            return true;
        }
        char[] rented = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            if (!Utf8Transcoder.TryDecode(utf8, rented, out int written))
            {
                text = string.Empty;
                return false;
            }
            text = new string(rented, 0, written);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>The number of UTF-16 chars valid UTF-8 <paramref name="utf8"/> decodes to: one per byte that is not a
    /// continuation (80..BF), one more per 4-byte lead (F0..F4, a surrogate pair). Not checked: for bytes known valid.</summary>
    public static int Utf16Length(ReadOnlySpan<byte> utf8)
    {
        int count = 0;
        int i = 0;
#if NET8_0_OR_GREATER
        ref byte start = ref MemoryMarshal.GetReference(utf8);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= utf8.Length - 64; i += 64)
            {
                count += Utf16Length(Vector512.LoadUnsafe(ref start, (nuint)i));
            }
#if NET10_0_OR_GREATER
            if (i < utf8.Length && System.Runtime.Intrinsics.X86.Avx512BW.IsSupported)
            {
                // The last 1..63 bytes in one masked load (the lanes past them zero, counted as nothing below).
                unsafe
                {
                    fixed (byte* last = utf8.Slice(i))
                    {
                        var mask = Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)(utf8.Length - i)));
                        return count + Utf16Length(System.Runtime.Intrinsics.X86.Avx512BW.MaskLoad(last, mask, Vector512<byte>.Zero)) - (64 - (utf8.Length - i));
                    }
                }
            }
#endif
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= utf8.Length - 32; i += 32)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i).AsSByte();
                count += BitOperations.PopCount(Vector256.GreaterThanOrEqual(v, Vector256.Create((sbyte)-64)).ExtractMostSignificantBits())
                    + BitOperations.PopCount(Vector256.GreaterThanOrEqual(v.AsByte(), Vector256.Create((byte)0xF0)).ExtractMostSignificantBits());
            }
        }
#endif
        for (; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if ((b & 0xC0) != 0x80) count++;
            if (b >= 0xF0) count++;
        }
        return count;
    }

#if NET8_0_OR_GREATER
    // The chars of 64 bytes: bytes that are not continuations (as signed bytes, at least -64), and 4-byte leads again.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Utf16Length(Vector512<byte> bytes) =>
        BitOperations.PopCount(Vector512.GreaterThanOrEqual(bytes.AsSByte(), Vector512.Create((sbyte)-64)).ExtractMostSignificantBits())
        + BitOperations.PopCount(Vector512.GreaterThanOrEqual(bytes, Vector512.Create((byte)0xF0)).ExtractMostSignificantBits());
#endif

    /// <summary>Whether <paramref name="text"/> holds a surrogate that is not half of a pair (which UTF-8 cannot encode).</summary>
    public static bool HasUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        while (true)
        {
#if NET8_0_OR_GREATER
            int i = text.IndexOfAnyInRange('\ud800', '\udfff');
            if (i < 0) return false;
#else
            int i = 0;
            while (i < text.Length && !char.IsSurrogate(text[i])) i++;
            if (i == text.Length) return false;
#endif
            if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return true;
            text = text.Slice(i + 2);
        }
    }
}
