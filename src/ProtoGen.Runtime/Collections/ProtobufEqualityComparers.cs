using System.Runtime.CompilerServices;

namespace ProtoGen.Collections;

/// <summary>Equality as protobuf defines it for field values: float and double compare bit patterns (NaN equals NaN).</summary>
internal static class ProtobufEqualityComparers
{
    /// <summary>The comparer to use for values of type <typeparamref name="T"/>.</summary>
    public static EqualityComparer<T> For<T>()
    {
        if (typeof(T) == typeof(double))
        {
            return (EqualityComparer<T>)(object)BitwiseDoubleComparer.Instance;
        }

        if (typeof(T) == typeof(float))
        {
            return (EqualityComparer<T>)(object)BitwiseFloatComparer.Instance;
        }

        return EqualityComparer<T>.Default;
    }

    /// <summary>Compares two values the protobuf way; the JIT folds the type checks away.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AreEqual<T>(T x, T y)
    {
        if (typeof(T) == typeof(double))
        {
            return BitConverter.DoubleToInt64Bits((double)(object)x!) == BitConverter.DoubleToInt64Bits((double)(object)y!);
        }

        if (typeof(T) == typeof(float))
        {
            return BitConverter.SingleToInt32Bits((float)(object)x!) == BitConverter.SingleToInt32Bits((float)(object)y!);
        }

        return EqualityComparer<T>.Default.Equals(x, y);
    }

    /// <summary>Hash code consistent with <see cref="AreEqual{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int GetHashCode<T>(T value)
    {
        if (typeof(T) == typeof(double))
        {
            return BitConverter.DoubleToInt64Bits((double)(object)value!).GetHashCode();
        }

        if (typeof(T) == typeof(float))
        {
            return BitConverter.SingleToInt32Bits((float)(object)value!);
        }

        return value is null ? 0 : EqualityComparer<T>.Default.GetHashCode(value);
    }

    private sealed class BitwiseDoubleComparer : EqualityComparer<double>
    {
        public static readonly BitwiseDoubleComparer Instance = new();

        public override bool Equals(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);

        public override int GetHashCode(double obj) => BitConverter.DoubleToInt64Bits(obj).GetHashCode();
    }

    private sealed class BitwiseFloatComparer : EqualityComparer<float>
    {
        public static readonly BitwiseFloatComparer Instance = new();

        public override bool Equals(float x, float y) => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y);

        public override int GetHashCode(float obj) => BitConverter.SingleToInt32Bits(obj);
    }
}
