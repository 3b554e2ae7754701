using System.Runtime.CompilerServices;

namespace ProtoGen.Wire;

/// <summary>What a message's size pass does with its sub-messages: size them only (<see cref="SizeOnlyPass"/>, for
/// <c>CalculateSize()</c>), or also record their sizes for the write that follows (<see cref="RecordingSizePass"/>).</summary>
/// <remarks>Generated code has one size body, generic over the pass, which the JIT compiles once per pass struct: sizing
/// alone has no recording and no test for it in its code.</remarks>
public interface ISizePass
{
    /// <summary>The size of <paramref name="message"/>, without its length prefix.</summary>
    int Measure<T>(T message)
        where T : IMessage;

    /// <summary>The size of a group's fields (a group takes no slot: it has no length prefix), without its tags.</summary>
    int MeasureGroup<T>(T message)
        where T : IMessage;

    /// <summary>The table sizes are recorded in, or null (extension values take it from here).</summary>
    SizeTable? Table { get; }
}

/// <summary>Sizes sub-messages without recording anything: <c>CalculateSize()</c>.</summary>
public readonly struct SizeOnlyPass : ISizePass
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Measure<T>(T message)
        where T : IMessage
        => message.CalculateSize();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int MeasureGroup<T>(T message)
        where T : IMessage
        => message.CalculateSize();

    /// <inheritdoc/>
    public SizeTable? Table => null;
}

/// <summary>Sizes sub-messages and records each one's size in a <see cref="SizeTable"/>, for a write's length prefixes.</summary>
public readonly struct RecordingSizePass : ISizePass
{
    private readonly SizeTable _table;

    /// <summary>A pass recording into <paramref name="table"/>.</summary>
    public RecordingSizePass(SizeTable table) => _table = table;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Measure<T>(T message)
        where T : IMessage
        => _table.Measure(message);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int MeasureGroup<T>(T message)
        where T : IMessage
        => message.CalculateSize(_table);

    /// <inheritdoc/>
    public SizeTable? Table => _table;
}
