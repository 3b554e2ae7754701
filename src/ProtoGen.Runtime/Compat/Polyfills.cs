#if NETSTANDARD2_0
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ProtoGen;

// netstandard2.0 builds: the members of newer .NET that the runtime calls, declared as C# 14 extension members with the
// same names and results, so that the shared source reads the same on every target. Each one is the plain equivalent:
// none of them is on a hot path of the modern targets, which call .NET's own members.
internal static class Polyfills
{
    extension(ArgumentNullException)
    {
        public static void ThrowIfNull([System.Diagnostics.CodeAnalysis.NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null) throw new ArgumentNullException(paramName);
        }
    }

    extension(ArgumentOutOfRangeException)
    {
        public static void ThrowIfNegative(int value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value < 0) throw new ArgumentOutOfRangeException(paramName, value, "The value must not be negative.");
        }
    }

    extension(BitConverter)
    {
        public static int SingleToInt32Bits(float value) => Unsafe.As<float, int>(ref value);
        public static uint SingleToUInt32Bits(float value) => Unsafe.As<float, uint>(ref value);
        public static float UInt32BitsToSingle(uint value) => Unsafe.As<uint, float>(ref value);
        public static ulong DoubleToUInt64Bits(double value) => (ulong)BitConverter.DoubleToInt64Bits(value);
        public static double UInt64BitsToDouble(ulong value) => BitConverter.Int64BitsToDouble((long)value);
    }

    extension(Array)
    {
        /// <summary>The largest length of a byte array (.NET's Array.MaxLength).</summary>
        public static int MaxLength => 0x7FFFFFC7;
    }

    extension(GC)
    {
        public static T[] AllocateUninitializedArray<T>(int length) => new T[length];
    }

    extension(MemoryMarshal)
    {
        /// <summary>A reference to the first element, or a null reference for an empty array (which must not be
        /// dereferenced), as .NET's member gives.</summary>
        public static ref T GetArrayDataReference<T>(T[] array) => ref MemoryMarshal.GetReference(array.AsSpan());
    }

    extension(RuntimeHelpers)
    {
        public static bool IsReferenceOrContainsReferences<T>() => ReferenceCheck<T>.Value;
    }

    extension(float)
    {
        public static bool IsFinite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);
    }

    extension(double)
    {
        public static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);
    }

    extension(DateTime)
    {
        public static DateTime UnixEpoch => new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    }

    extension(ReadOnlySequence<byte> sequence)
    {
        public ReadOnlySpan<byte> FirstSpan => sequence.First.Span;
    }

    extension(string)
    {
        /// <summary>The interpolated text formatted with <paramref name="provider"/> (.NET's overload takes an
        /// interpolated string handler; an interpolated string converts to FormattableString alike).</summary>
        public static string Create(IFormatProvider? provider, FormattableString text) => text.ToString(provider);
    }

    extension(Convert)
    {
        public static string ToBase64String(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes.ToArray());
    }

    extension(Stream stream)
    {
        public void Write(ReadOnlySpan<byte> bytes)
        {
            byte[] copy = ArrayPool<byte>.Shared.Rent(bytes.Length);
            try
            {
                bytes.CopyTo(copy);
                stream.Write(copy, 0, bytes.Length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }

        /// <summary>As .NET's overload: the default buffer size of Stream.CopyTo.</summary>
        public Task CopyToAsync(Stream destination, CancellationToken cancellationToken) => stream.CopyToAsync(destination, 81920, cancellationToken);
    }

    extension(string text)
    {
        public bool EndsWith(char value) => text.Length != 0 && text[text.Length - 1] == value;
    }

    extension(Encoding encoding)
    {
        public unsafe string GetString(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty) return string.Empty;
            fixed (byte* first = bytes)
            {
                return encoding.GetString(first, bytes.Length);
            }
        }
    }

    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }

    public static bool Remove<TKey, TValue>(this Dictionary<TKey, TValue> dictionary, TKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value)
        where TKey : notnull
    {
        if (dictionary.TryGetValue(key, out value)) return dictionary.Remove(key);
        return false;
    }

    // Whether a type is a reference type or a struct with a reference somewhere inside: the answer decides whether the
    // collections clear freed slots for the garbage collector, so "true" is always safe.
    private static class ReferenceCheck<T>
    {
        public static readonly bool Value = !typeof(T).IsPrimitive && !typeof(T).IsEnum;
    }
}

/// <summary>The parts of .NET's HashCode the runtime uses, for netstandard2.0 (a multiply-and-add combiner: hash codes
/// are not persisted, so only their quality matters, not their values).</summary>
internal struct HashCode
{
    private int _value;

    public void Add<T>(T value) => _value = unchecked((_value * 31) + (value?.GetHashCode() ?? 0));

    public void AddBytes(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes) Add(b);
    }

    public readonly int ToHashCode() => _value;

    public static int Combine<T1, T2>(T1 first, T2 second)
    {
        var hash = default(HashCode);
        hash.Add(first);
        hash.Add(second);
        return hash.ToHashCode();
    }
}
#endif
