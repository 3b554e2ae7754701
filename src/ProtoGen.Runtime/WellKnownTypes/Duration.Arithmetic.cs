using System.Globalization;

namespace ProtoGen.WellKnownTypes;

/// <summary>Google.Protobuf's Duration operators: sums, differences and negation of normalized durations.</summary>
public sealed partial class Duration
{
    /// <summary>Ticks (100 nanoseconds each) are the finest unit TimeSpan holds.</summary>
    public const int NanosecondsPerTick = 100;

    /// <summary>The negated duration.</summary>
    public static Duration operator -(Duration value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Normalize(-value.Seconds, -value.Nanos);
    }

    /// <summary>The sum, normalized; throws when either operand is not a valid duration.</summary>
    public static Duration operator +(Duration left, Duration right)
    {
        RequireNormalized(left, nameof(left));
        RequireNormalized(right, nameof(right));
        return Normalize(left.Seconds + right.Seconds, left.Nanos + right.Nanos);
    }

    /// <summary>The difference, normalized; throws when either operand is not a valid duration.</summary>
    public static Duration operator -(Duration left, Duration right)
    {
        RequireNormalized(left, nameof(left));
        RequireNormalized(right, nameof(right));
        return Normalize(left.Seconds - right.Seconds, left.Nanos - right.Nanos);
    }

    /// <summary>A readable rendering such as "1.5s", or a description of invalid values; for logs, not for parsing.</summary>
    public string ToDiagnosticString()
    {
        if (!IsNormalized(Seconds, Nanos))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{{ \"@warning\": \"Invalid Duration\", \"seconds\": \"{Seconds}\", \"nanos\": {Nanos} }}");
        }

        string sign = Seconds < 0 || Nanos < 0 ? "-" : "";
        long seconds = Math.Abs(Seconds);
        int nanos = Math.Abs(Nanos);
        string fraction = nanos == 0 ? "" : "." + nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds}{fraction}s");
    }

    private static void RequireNormalized(Duration value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (!IsNormalized(value.Seconds, value.Nanos))
        {
            throw new InvalidOperationException($"Duration contains invalid values: Seconds={value.Seconds}; Nanos={value.Nanos}.");
        }
    }

    /// <summary>Carries whole seconds out of <paramref name="nanos"/> and gives both parts the same sign. The inputs are
    /// sums or differences of normalized parts, so |nanos| is below two seconds' worth and nothing overflows.</summary>
    internal static Duration Normalize(long seconds, int nanos)
    {
        seconds += nanos / NanosecondsPerSecond;
        nanos %= NanosecondsPerSecond;
        if (seconds > 0 && nanos < 0)
        {
            seconds--;
            nanos += NanosecondsPerSecond;
        }
        else if (seconds < 0 && nanos > 0)
        {
            seconds++;
            nanos -= NanosecondsPerSecond;
        }

        return new Duration { Seconds = seconds, Nanos = nanos };
    }
}
