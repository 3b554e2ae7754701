using ProtoGen.Collections;

namespace ProtoGen.Tests.Runtime;

/// <summary>Lists' and maps' ToString(): JSON-like text in the spacing of a message's ToString(), which message
/// elements write for themselves.</summary>
public class CollectionFormatterTests
{
    private enum Kind
    {
        KIND_BOOK = 1,
    }

    [Fact]
    public void Lists_render_every_value_kind_as_proto3_json_does()
    {
        Assert.Equal("[ 1, -2 ]", new RepeatedField<int> { 1, -2 }.ToString());
        Assert.Equal("[ \"-5\" ]", new RepeatedField<long> { -5 }.ToString());
        Assert.Equal("[ \"18446744073709551615\" ]", new RepeatedField<ulong> { ulong.MaxValue }.ToString());
        Assert.Equal("[ 4294967295 ]", new RepeatedField<uint> { uint.MaxValue }.ToString());
        Assert.Equal("[ 1.5, \"-Infinity\", \"NaN\" ]", new RepeatedField<double> { 1.5, double.NegativeInfinity, double.NaN }.ToString());
        Assert.Equal("[ true, false ]", new RepeatedField<bool> { true, false }.ToString());
        Assert.Equal("[ \"\\u0001\\\\\", \"a \\\"q\\\"\\n\" ]", new RepeatedField<string> { "\u0001\\", "a \"q\"\n" }.ToString());
        Assert.Equal("[ \"AQI=\" ]", new RepeatedField<ByteString> { ByteString.CopyFrom(1, 2) }.ToString());
        Assert.Equal("[ \"KIND_BOOK\" ]", new RepeatedField<Kind> { Kind.KIND_BOOK }.ToString());
        Assert.Equal("[ ]", new RepeatedField<int>().ToString());
    }

    [Fact]
    public void Message_elements_render_as_their_own_ToString()
    {
        var list = new RepeatedField<TestMessage> { new TestMessage { Id = 1 }, new TestMessage { Id = 2 } };
        Assert.Equal("[ TestMessage 1, TestMessage 2 ]", list.ToString());
        var map = new MapField<int, TestMessage> { { 3, new TestMessage { Id = 4 } } };
        Assert.Equal("{ \"3\": TestMessage 4 }", map.ToString());
    }

    [Fact]
    public void Maps_render_keys_as_names_in_insertion_order()
    {
        Assert.Equal("{ \"2\": \"two\", \"1\": \"one\" }", new MapField<int, string> { { 2, "two" }, { 1, "one" } }.ToString());
        Assert.Equal("{ \"true\": \"-1\" }", new MapField<bool, long> { { true, -1 } }.ToString());
        Assert.Equal("{ }", new MapField<string, int>().ToString());
    }
}
