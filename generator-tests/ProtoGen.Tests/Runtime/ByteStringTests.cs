namespace ProtoGen.Tests.Runtime;

public class ByteStringTests
{
    [Fact]
    public void Copies_on_the_way_in_and_out()
    {
        byte[] source = [1, 2, 3];
        ByteString bytes = ByteString.CopyFrom(source);
        source[0] = 9;
        Assert.Equal(1, bytes[0]);
        byte[] copy = bytes.ToByteArray();
        copy[1] = 9;
        Assert.Equal(2, bytes[1]);
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes.Span.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes.Memory.ToArray());
        Assert.Equal(3, bytes.Length);
        Assert.False(bytes.IsEmpty);
        Assert.Equal(new byte[] { 2, 3 }, ByteString.CopyFrom(source, 1, 2).ToByteArray());
    }

    [Fact]
    public void Value_equality_and_operators()
    {
        ByteString a = ByteString.CopyFrom(1, 2);
        ByteString b = ByteString.CopyFrom(new byte[] { 1, 2 }.AsSpan());
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ByteString.CopyFrom(1, 3));
        Assert.True(a != null);
        Assert.True((ByteString?)null == null);
        Assert.Same(ByteString.Empty, ByteString.CopyFrom());
        Assert.True(ByteString.Empty.IsEmpty);
    }

    [Fact]
    public void Utf8_and_base64_conversions()
    {
        ByteString text = ByteString.CopyFromUtf8("héllo 😀");
        Assert.Equal("héllo 😀", text.ToStringUtf8());
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("héllo 😀"), text.ToByteArray());
        ByteString bytes = ByteString.FromBase64("AQI=");
        Assert.Equal(new byte[] { 1, 2 }, bytes.ToByteArray());
        Assert.Equal("AQI=", bytes.ToBase64());
        Assert.Same(ByteString.Empty, ByteString.FromBase64(""));
        Assert.Contains("2", bytes.ToString());
        Assert.Equal(Google.Protobuf.ByteString.CopyFromUtf8("héllo 😀").ToBase64(), text.ToBase64());
    }
}
