namespace ProtoGen.WellKnownTypes;

/// <summary>Conversions between google.protobuf.Duration and TimeSpan.</summary>
public sealed partial class Duration : IComparable<Duration>
{
    /// <summary>The largest valid Seconds value (about 10,000 years).</summary>
    public const long MaxSeconds = 315576000000L;

    /// <summary>The smallest valid Seconds value.</summary>
    public const long MinSeconds = -315576000000L;

    /// <summary>The largest valid magnitude of Nanos.</summary>
    public const int MaxNanos = 999999999;

    /// <summary>Nanoseconds in one second.</summary>
    public const int NanosecondsPerSecond = 1000000000;

    private const int NanosPerTick = 100;

    /// <summary>Whether the values form a valid Duration: in range, and Nanos with the sign of Seconds (or zero).</summary>
    public static bool IsNormalized(long seconds, int nanos)
    {
        if (seconds < MinSeconds || seconds > MaxSeconds || nanos < -MaxNanos || nanos > MaxNanos)
        {
            return false;
        }

        return seconds == 0 || nanos == 0 || (seconds < 0) == (nanos < 0);
    }

    /// <summary>Converts a TimeSpan; throws ArgumentOutOfRangeException beyond the Duration range (±10,000 years).</summary>
    public static Duration FromTimeSpan(TimeSpan timeSpan)
    {
        // Truncating division keeps the remainder's sign equal to the dividend's, as Duration requires.
        long seconds = Math.DivRem(timeSpan.Ticks, TimeSpan.TicksPerSecond, out long remainder);
        if (seconds < MinSeconds || seconds > MaxSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(timeSpan), timeSpan, "The TimeSpan is outside the range of Duration (±315,576,000,000 seconds).");
        }

        return new Duration { Seconds = seconds, Nanos = (int)(remainder * NanosPerTick) };
    }

    /// <summary>Converts to a TimeSpan, truncating to TimeSpan ticks (100 nanoseconds); throws if the Duration is not valid.</summary>
    /// <exception cref="InvalidOperationException">Seconds or Nanos are out of range or of different signs.</exception>
    public TimeSpan ToTimeSpan()
    {
        if (!IsNormalized(Seconds, Nanos))
        {
            throw new InvalidOperationException(
                $"Duration contains invalid values: Seconds={Seconds}; Nanos={Nanos}. " +
                $"Seconds must be in [{MinSeconds}, {MaxSeconds}], Nanos in [-{MaxNanos}, {MaxNanos}], with matching signs.");
        }

        return TimeSpan.FromTicks((Seconds * TimeSpan.TicksPerSecond) + (Nanos / NanosPerTick));
    }

    /// <summary>Orders by Seconds, then Nanos; null sorts first.</summary>
    public int CompareTo(Duration? other)
    {
        if (other is null)
        {
            return 1;
        }

        int bySeconds = Seconds.CompareTo(other.Seconds);
        return bySeconds != 0 ? bySeconds : Nanos.CompareTo(other.Nanos);
    }
}
