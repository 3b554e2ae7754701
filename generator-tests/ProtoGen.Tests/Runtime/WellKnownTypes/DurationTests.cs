using ProtoGen.WellKnownTypes;
using GP = Google.Protobuf.WellKnownTypes;

namespace ProtoGen.Tests.Runtime.WellKnownTypes;

public class DurationTests
{
    [Fact]
    public void Conversions_match_Google_Protobuf_for_random_spans()
    {
        var random = new Random(6);
        long maxTicks = Duration.MaxSeconds * TimeSpan.TicksPerSecond;
        for (int i = 0; i < 2000; i++)
        {
            var span = TimeSpan.FromTicks(random.NextInt64(-maxTicks, maxTicks) >> random.Next(60));
            Duration ours = Duration.FromTimeSpan(span);
            GP.Duration google = GP.Duration.FromTimeSpan(span);
            Assert.Equal(google.Seconds, ours.Seconds);
            Assert.Equal(google.Nanos, ours.Nanos);
            Assert.Equal(span, ours.ToTimeSpan());
        }
    }

    [Fact]
    public void Negative_spans_have_negative_nanos()
    {
        Duration d = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(-1500));
        Assert.Equal(-1, d.Seconds);
        Assert.Equal(-500_000_000, d.Nanos);
    }

    [Fact]
    public void Spans_beyond_ten_thousand_years_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Duration.FromTimeSpan(TimeSpan.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => Duration.FromTimeSpan(TimeSpan.MinValue));
        Duration max = Duration.FromTimeSpan(TimeSpan.FromSeconds(Duration.MaxSeconds));
        Assert.Equal(Duration.MaxSeconds, max.Seconds);
    }

    [Theory]
    [InlineData(1L, -1)]
    [InlineData(-1L, 1)]
    [InlineData(Duration.MaxSeconds + 1, 0)]
    [InlineData(Duration.MinSeconds - 1, 0)]
    [InlineData(0L, 1_000_000_000)]
    [InlineData(0L, -1_000_000_000)]
    public void Invalid_values_cannot_be_converted(long seconds, int nanos)
    {
        Assert.False(Duration.IsNormalized(seconds, nanos));
        Assert.Throws<InvalidOperationException>(() => new Duration { Seconds = seconds, Nanos = nanos }.ToTimeSpan());
    }

    [Fact]
    public void Compares_by_seconds_then_nanos()
    {
        Assert.True(new Duration { Seconds = -1 }.CompareTo(new Duration { Nanos = -1 }) < 0);
        Assert.True(new Duration { Nanos = 2 }.CompareTo(new Duration { Nanos = 1 }) > 0);
    }
}
