using ProtoGen.WellKnownTypes;

namespace ProtoGen.Tests.Runtime.WellKnownTypes;

public class AnyTests
{
    [Fact]
    public void Pack_and_unpack_round_trip()
    {
        var message = new TestMessage { Id = 3, Name = "packed" };
        Any any = Any.Pack(message);
        Assert.Equal("type.googleapis.com/protogen.test.TestMessage", any.TypeUrl);
        Assert.Equal(MessageSerializer.ToByteArray(message), any.Value.ToByteArray());
        Assert.True(any.Is("protogen.test.TestMessage"));
        Assert.True(any.Is<TestMessage>());
        Assert.Equal(message, any.Unpack<TestMessage>());
        Assert.True(any.TryUnpack(out TestMessage? unpacked));
        Assert.Equal(message, unpacked);
    }

    [Theory]
    [InlineData("example.com", "example.com/protogen.test.TestMessage")]
    [InlineData("example.com/", "example.com/protogen.test.TestMessage")]
    [InlineData("", "/protogen.test.TestMessage")]
    public void Custom_prefixes_are_joined_with_one_slash(string prefix, string expected) =>
        Assert.Equal(expected, Any.Pack(new TestMessage(), prefix).TypeUrl);

    [Fact]
    public void Unpacking_the_wrong_type_fails()
    {
        var any = new Any { TypeUrl = "type.googleapis.com/other.Message", Value = ByteString.CopyFrom(8, 1) };
        Assert.False(any.Is<TestMessage>());
        Assert.Throws<InvalidProtocolBufferException>(() => any.Unpack<TestMessage>());
        Assert.False(any.TryUnpack(out TestMessage? result));
        Assert.Null(result);
    }

    [Theory]
    [InlineData("type.googleapis.com/a.b.C", "a.b.C")]
    [InlineData("x/y/a.C", "a.C")]
    [InlineData("a.b.C", "")]
    [InlineData("", "")]
    public void GetTypeName_takes_the_text_after_the_last_slash(string typeUrl, string expected) =>
        Assert.Equal(expected, Any.GetTypeName(typeUrl));

    [Fact]
    public void Unpacking_malformed_bytes_throws_InvalidProtocolBufferException()
    {
        var any = new Any { TypeUrl = "type.googleapis.com/protogen.test.TestMessage", Value = ByteString.CopyFrom(0x12, 0x05) };
        Assert.Throws<InvalidProtocolBufferException>(() => any.Unpack<TestMessage>());
    }
}
