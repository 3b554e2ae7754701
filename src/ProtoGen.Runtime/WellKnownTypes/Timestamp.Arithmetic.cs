using System.Globalization;

namespace ProtoGen.WellKnownTypes;

/// <summary>Google.Protobuf's Timestamp operators: differences, shifts by a Duration, comparisons and value equality.</summary>
public sealed partial class Timestamp
{
    /// <summary>The time from <paramref name="right"/> to <paramref name="left"/>.</summary>
    public static Duration operator -(Timestamp left, Timestamp right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return Duration.Normalize(left.Seconds - right.Seconds, left.Nanos - right.Nanos);
    }

    /// <summary>The instant <paramref name="duration"/> after <paramref name="timestamp"/>.</summary>
    public static Timestamp operator +(Timestamp timestamp, Duration duration)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(duration);
        return Normalize(timestamp.Seconds + duration.Seconds, timestamp.Nanos + duration.Nanos);
    }

    /// <summary>The instant <paramref name="duration"/> before <paramref name="timestamp"/>.</summary>
    public static Timestamp operator -(Timestamp timestamp, Duration duration)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(duration);
        return Normalize(timestamp.Seconds - duration.Seconds, timestamp.Nanos - duration.Nanos);
    }

    /// <summary>Whether both are null or hold the same instant.</summary>
    public static bool operator ==(Timestamp? left, Timestamp? right) =>
        ReferenceEquals(left, right) || (left is not null && left.Equals(right));

    /// <summary>Whether the two differ.</summary>
    public static bool operator !=(Timestamp? left, Timestamp? right) => !(left == right);

    /// <summary>Whether <paramref name="left"/> is earlier (null is earliest).</summary>
    public static bool operator <(Timestamp? left, Timestamp? right) => Compare(left, right) < 0;

    /// <summary>Whether <paramref name="left"/> is later (null is earliest).</summary>
    public static bool operator >(Timestamp? left, Timestamp? right) => Compare(left, right) > 0;

    /// <summary>Whether <paramref name="left"/> is not later (null is earliest).</summary>
    public static bool operator <=(Timestamp? left, Timestamp? right) => Compare(left, right) <= 0;

    /// <summary>Whether <paramref name="left"/> is not earlier (null is earliest).</summary>
    public static bool operator >=(Timestamp? left, Timestamp? right) => Compare(left, right) >= 0;

    /// <summary>An RFC 3339 rendering such as "2026-12-07T09:50:22.5Z", or a description of invalid values; for logs.</summary>
    public string ToDiagnosticString()
    {
        if (!IsNormalized(Seconds, Nanos))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{{ \"@warning\": \"Invalid Timestamp\", \"seconds\": \"{Seconds}\", \"nanos\": {Nanos} }}");
        }

        var dateTime = DateTime.UnixEpoch.AddSeconds(Seconds);
        string fraction = Nanos == 0 ? "" : "." + Nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return dateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture) + fraction + "Z";
    }

    private static int Compare(Timestamp? left, Timestamp? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    // Both inputs are normalized-range parts, so nanos is within (-2 s, 2 s) and one carry suffices.
    private static Timestamp Normalize(long seconds, int nanos)
    {
        seconds += nanos / Duration.NanosecondsPerSecond;
        nanos %= Duration.NanosecondsPerSecond;
        if (nanos < 0)
        {
            seconds--;
            nanos += Duration.NanosecondsPerSecond;
        }

        return new Timestamp { Seconds = seconds, Nanos = nanos };
    }
}
