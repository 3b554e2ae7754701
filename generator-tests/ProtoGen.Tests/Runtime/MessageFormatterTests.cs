using ProtoGen.Collections;

namespace ProtoGen.Tests.Runtime;

public class MessageFormatterTests
{
    [Fact]
    public void Renders_set_fields_as_json_like_text()
    {
        var message = new TestMessage
        {
            Id = 5,
            Name = "a \"quoted\"\n",
            Child = new TestMessage(),
            Data = ByteString.CopyFrom(1, 2),
            Ratio = double.NaN,
            Kind = 1,
        };
        message.Numbers.AddRange([1, 2]);
        message.Counts["k"] = 1;
        Assert.Equal(
            "{ \"id\": 5, \"name\": \"a \\\"quoted\\\"\\n\", \"child\": { }, \"numbers\": [ 1, 2 ], \"data\": \"AQI=\", " +
            "\"ratio\": \"NaN\", \"counts\": { \"k\": 1 }, \"kind\": \"KIND_BOOK\" }",
            message.ToString());
        Assert.Equal("{ }", new TestMessage().ToString());
        Assert.Equal("{ \"kind\": 7 }", new TestMessage { Kind = 7 }.ToString());
    }

    [Fact]
    public void Writes_every_value_kind()
    {
        var formatter = new MessageFormatter();
        formatter.BeginMessage();
        formatter.WriteName("i64");
        formatter.WriteValue(-5L);
        formatter.WriteName("u64");
        formatter.WriteValue(ulong.MaxValue);
        formatter.WriteName("u32");
        formatter.WriteValue(uint.MaxValue);
        formatter.WriteName("f");
        formatter.WriteValue(1.5f);
        formatter.WriteName("inf");
        formatter.WriteValue(double.NegativeInfinity);
        formatter.WriteName("b");
        formatter.WriteValue(true);
        formatter.WriteName("s");
        formatter.WriteValue("\u0001\\");
        formatter.WriteName("m");
        formatter.WriteMessage(null);
        formatter.WriteName("list");
        formatter.WriteList(new RepeatedField<TestMessage> { new TestMessage { Id = 1 }, new TestMessage() });
        formatter.WriteName("map");
        formatter.WriteMap(new MapField<int, string> { { 2, "two" } });
        formatter.EndMessage();
        Assert.Equal(
            "{ \"i64\": \"-5\", \"u64\": \"18446744073709551615\", \"u32\": 4294967295, \"f\": 1.5, \"inf\": \"-Infinity\", " +
            "\"b\": true, \"s\": \"\\u0001\\\\\", \"m\": null, \"list\": [ { \"id\": 1 }, { } ], \"map\": { \"2\": \"two\" } }",
            formatter.ToString());
    }
}
