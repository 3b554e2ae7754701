using ProtoGen.WellKnownTypes;
using GP = Google.Protobuf.WellKnownTypes;

namespace ProtoGen.Tests.Runtime.WellKnownTypes;

public class TimestampTests
{
    [Fact]
    public void Conversions_match_Google_Protobuf_for_random_instants()
    {
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            var dateTime = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            Timestamp ours = Timestamp.FromDateTime(dateTime);
            GP.Timestamp google = GP.Timestamp.FromDateTime(dateTime);
            Assert.Equal(google.Seconds, ours.Seconds);
            Assert.Equal(google.Nanos, ours.Nanos);
            Assert.Equal(dateTime, ours.ToDateTime());
            Assert.Equal(DateTimeKind.Utc, ours.ToDateTime().Kind);
            Assert.Equal(new DateTimeOffset(dateTime), ours.ToDateTimeOffset());
        }
    }

    [Fact]
    public void Range_ends_are_0001_and_9999()
    {
        Timestamp min = Timestamp.FromDateTime(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));
        Assert.Equal(Timestamp.MinSeconds, min.Seconds);
        Assert.Equal(0, min.Nanos);
        Timestamp max = Timestamp.FromDateTime(DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc));
        Assert.Equal(Timestamp.MaxSeconds, max.Seconds);
        Assert.Equal(999_999_900, max.Nanos);
        Assert.Equal(DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), max.ToDateTime());
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
            new Timestamp { Seconds = Timestamp.MaxSeconds, Nanos = Timestamp.MaxNanos }.ToDateTime());
    }

    [Fact]
    public void Instants_before_1970_have_positive_nanos()
    {
        Timestamp t = Timestamp.FromDateTime(new DateTime(1969, 12, 31, 23, 59, 59, 500, DateTimeKind.Utc));
        Assert.Equal(-1, t.Seconds);
        Assert.Equal(500_000_000, t.Nanos);
    }

    [Fact]
    public void DateTimeOffset_keeps_the_instant_not_the_offset()
    {
        var local = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));
        Timestamp t = Timestamp.FromDateTimeOffset(local);
        Assert.Equal(local.ToUnixTimeSeconds(), t.Seconds);
        Assert.Equal(local, t.ToDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, t.ToDateTimeOffset().Offset);
    }

    [Fact]
    public void Non_utc_DateTime_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Timestamp.FromDateTime(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Local)));
        Assert.Throws<ArgumentException>(() => Timestamp.FromDateTime(new DateTime(2024, 1, 1)));
    }

    [Theory]
    [InlineData(Timestamp.MinSeconds - 1, 0)]
    [InlineData(Timestamp.MaxSeconds + 1, 0)]
    [InlineData(0L, -1)]
    [InlineData(0L, 1_000_000_000)]
    public void Out_of_range_values_cannot_be_converted(long seconds, int nanos)
    {
        var t = new Timestamp { Seconds = seconds, Nanos = nanos };
        Assert.False(Timestamp.IsNormalized(seconds, nanos));
        Assert.Throws<InvalidOperationException>(() => t.ToDateTime());
        Assert.Throws<InvalidOperationException>(() => t.ToDateTimeOffset());
    }

    [Fact]
    public void Compares_by_seconds_then_nanos()
    {
        var a = new Timestamp { Seconds = 1, Nanos = 5 };
        var b = new Timestamp { Seconds = 1, Nanos = 6 };
        var c = new Timestamp { Seconds = 2 };
        Assert.True(a.CompareTo(b) < 0);
        Assert.True(c.CompareTo(b) > 0);
        Assert.Equal(0, a.CompareTo(new Timestamp { Seconds = 1, Nanos = 5 }));
        Assert.True(a.CompareTo(null) > 0);
    }
}
