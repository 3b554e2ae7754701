extern alias gp;
using System.Buffers;
using Google.Protobuf;
using GpTypes = gp::ProtoGen.Samples.Types;
using GpStore = gp::Acme.Store.V1;
using PgTypes = ProtoGen.Samples.Types;
using PgStore = Acme.Store.V1;

namespace ProtoGen.Tests.Wire;

/// <summary>
/// Writing a generated message allocates nothing: sizes, a reused IBufferWriter, a caller's span. Allocation counts per
/// thread are deterministic, unlike timings, so they are asserted here; speed is for the benchmarks.
/// </summary>
public sealed class AllocationTests
{
    public static TheoryData<string> Messages() => new(["AllTypes", "Order", "Item"]);

    [Theory]
    [MemberData(nameof(Messages))]
    public void Writing_a_generated_message_allocates_nothing(string name)
    {
        var message = Build(name);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var span = new byte[1 << 16];

        // Warm up: JIT, static initialisers, the buffer writer's first growth.
        for (int i = 0; i < 3; i++)
        {
            buffer.ResetWrittenCount();
            MessageSerializer.WriteTo(message, buffer);
            MessageSerializer.WriteTo(message, span);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            buffer.ResetWrittenCount();
            message.CalculateSize();
            MessageSerializer.WriteTo(message, buffer);
            MessageSerializer.WriteTo(message, span);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(buffer.WrittenCount > 0);
    }

    private static IMessage Build(string name)
    {
        var random = new GoogleRandomMessages(seed: 42, maxDepth: 2);
        return name switch
        {
            // Random content from the oracle's side covers every field kind, maps, oneofs and unknown-free nesting.
            "AllTypes" => PgTypes.AllTypes.Parser.ParseFrom(random.Fill(new GpTypes.AllTypes()).ToByteArray()),
            "Order" => PgStore.Order.Parser.ParseFrom(random.Fill(new GpStore.Order()).ToByteArray()),
            "Item" => PgStore.Item.Parser.ParseFrom(random.Fill(new GpStore.Item()).ToByteArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
