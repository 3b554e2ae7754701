namespace ProtoGen.WellKnownTypes;

/// <summary>Conversions between google.protobuf.Timestamp and DateTime / DateTimeOffset.</summary>
public sealed partial class Timestamp : IComparable<Timestamp>
{
    /// <summary>Seconds of 0001-01-01T00:00:00Z, the earliest valid Timestamp.</summary>
    public const long MinSeconds = -62135596800L;

    /// <summary>Seconds of 9999-12-31T23:59:59Z, the latest valid Timestamp.</summary>
    public const long MaxSeconds = 253402300799L;

    /// <summary>The largest valid Nanos value.</summary>
    public const int MaxNanos = 999999999;

    private const int NanosPerTick = 100;

    /// <summary>Whether <paramref name="seconds"/> and <paramref name="nanos"/> form a valid Timestamp.</summary>
    public static bool IsNormalized(long seconds, int nanos) =>
        seconds >= MinSeconds && seconds <= MaxSeconds && nanos >= 0 && nanos <= MaxNanos;

    /// <summary>Converts a UTC DateTime; throws ArgumentException for any other Kind.</summary>
    public static Timestamp FromDateTime(DateTime dateTime)
    {
        if (dateTime.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Conversion from DateTime to Timestamp requires the DateTime kind to be Utc.", nameof(dateTime));
        }

        long ticks = dateTime.Ticks - DateTime.UnixEpoch.Ticks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return new Timestamp { Seconds = seconds, Nanos = (int)(remainder * NanosPerTick) };
    }

    /// <summary>Converts a DateTimeOffset (its UTC instant; the offset is not kept).</summary>
    public static Timestamp FromDateTimeOffset(DateTimeOffset dateTimeOffset) => FromDateTime(dateTimeOffset.UtcDateTime);

    /// <summary>Converts to a UTC DateTime, truncating to TimeSpan ticks (100 nanoseconds); throws if the Timestamp is out of range.</summary>
    /// <exception cref="InvalidOperationException">Seconds or Nanos are outside the valid range.</exception>
    public DateTime ToDateTime()
    {
        if (!IsNormalized(Seconds, Nanos))
        {
            throw new InvalidOperationException(
                $"Timestamp contains invalid values: Seconds={Seconds}; Nanos={Nanos}. " +
                $"Seconds must be in [{MinSeconds}, {MaxSeconds}] and Nanos in [0, {MaxNanos}].");
        }

        long ticks = DateTime.UnixEpoch.Ticks + (Seconds * TimeSpan.TicksPerSecond) + (Nanos / NanosPerTick);
        return new DateTime(ticks, DateTimeKind.Utc);
    }

    /// <summary>Converts to a DateTimeOffset with offset zero; throws if the Timestamp is out of range.</summary>
    public DateTimeOffset ToDateTimeOffset() => new(ToDateTime(), TimeSpan.Zero);

    /// <summary>Orders by Seconds, then Nanos; null sorts first.</summary>
    public int CompareTo(Timestamp? other)
    {
        if (other is null)
        {
            return 1;
        }

        int bySeconds = Seconds.CompareTo(other.Seconds);
        return bySeconds != 0 ? bySeconds : Nanos.CompareTo(other.Nanos);
    }
}
