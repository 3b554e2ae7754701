namespace ProtoGen.WellKnownTypes;

/// <summary>Google.Protobuf's conversions as extension methods: <c>DateTime.UtcNow.ToTimestamp()</c>,
/// <c>TimeSpan.FromSeconds(5).ToDuration()</c>.</summary>
public static class TimeExtensions
{
    /// <summary>Converts a UTC DateTime; throws ArgumentException for any other Kind (see <see cref="Timestamp.FromDateTime"/>).</summary>
    public static Timestamp ToTimestamp(this DateTime dateTime) => Timestamp.FromDateTime(dateTime);

    /// <summary>Converts a DateTimeOffset (its UTC instant; the offset is not kept).</summary>
    public static Timestamp ToTimestamp(this DateTimeOffset dateTimeOffset) => Timestamp.FromDateTimeOffset(dateTimeOffset);

    /// <summary>Converts a TimeSpan (see <see cref="Duration.FromTimeSpan"/>).</summary>
    public static Duration ToDuration(this TimeSpan timeSpan) => Duration.FromTimeSpan(timeSpan);
}
