namespace ProtoGen.Tests.Runtime;

internal static class TestMessageExtensions
{
    public static byte[] ToBytes(this IMessage message) => MessageSerializer.ToByteArray(message);
}
