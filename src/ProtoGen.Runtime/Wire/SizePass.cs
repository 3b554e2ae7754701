using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace ProtoGen.Wire;

/// <summary>What a message's size pass does with its sub-messages' sizes and its strings: size only
/// (<see cref="SizeOnlyPass"/>, for <c>CalculateSize()</c>), record sub-message sizes for the write that follows
/// (<see cref="RecordingSizePass"/>), or also bound the message's own strings for a write into a buffer of that bound
/// (<see cref="BoundSizePass"/>, for <see cref="IMessage.CalculateWriteBound"/>).</summary>
/// <remarks>
/// <para>Generated code has one size body per message, generic over the pass struct; the JIT compiles it once per pass,
/// so sizing alone has no recording and no test for it in its code, and only a write bound bounds.</para>
/// <para>The methods are not virtual on the struct, so they are compiled for each pass exactly, inlined or not.</para>
/// <para>Public only because generated code, compiled into the user's assemblies, passes these to the size bodies it
/// declares (which are internal to that assembly); nothing here is for users to call.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ISizePass
{
    /// <summary>Takes the next slot of the table (a no-op without one).</summary>
    int Reserve();

    /// <summary>Stores <paramref name="size"/> in <paramref name="slot"/> and returns it.</summary>
    int Record(int slot, int size);

    /// <summary>The table sizes are recorded in, or null (extension values and messages of other assemblies take it
    /// from here).</summary>
    SizeTable? Table { get; }

    /// <summary>A string's size, prefix included: <see cref="WireSize.String"/>, or in a write bound
    /// <see cref="WireSize.StringBound"/>.</summary>
    int String(string value);

    /// <summary>The size, prefix included, of a sub-message whose type holds no messages and has strings of its own:
    /// its size in a slot of its own, or in a write bound <see cref="WireSize.MessageBound"/>.</summary>
    int MessageWithinBound<TMessage>(TMessage message)
        where TMessage : IMessage;
}

/// <summary>A size pass that also names the pass a sub-message's fields are sized in.</summary>
/// <typeparam name="TNested">The pass of the sub-messages: one that records as this one does and sizes exactly, since
/// a sub-message's size is its length prefix. A size-only or recording pass is its own; a write bound's is a
/// <see cref="RecordingSizePass"/>, so that only the message the bound is asked of is bounded.</typeparam>
/// <remarks>A message that holds messages sizes a sub-message as
/// <c>sizes.Record(sizes.Reserve(), child.CalculateSize&lt;TNested, TNested&gt;(sizes.Nested))</c>: its slot is taken
/// before the messages inside it take theirs (C# evaluates arguments left to right), which is the order the write
/// pass reads them in. Because the nested pass is a type, the messages inside a bounded one run the same compiled
/// code as in any write.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ISizePass<TNested> : ISizePass
    where TNested : struct, ISizePass<TNested>
{
    /// <summary>The pass a sub-message's fields are sized in.</summary>
    TNested Nested { get; }
}

/// <summary>Sizes without recording anything: <c>CalculateSize()</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SizeOnlyPass : ISizePass<SizeOnlyPass>
{
    /// <inheritdoc/>
    public int Reserve() => 0;

    /// <inheritdoc/>
    public int Record(int slot, int size) => size;

    /// <inheritdoc/>
    public SizeTable? Table => null;

    /// <inheritdoc/>
    public SizeOnlyPass Nested => this;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int String(string value) => WireSize.String(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int MessageWithinBound<TMessage>(TMessage message)
        where TMessage : IMessage
        => WireSize.LengthDelimited(message.CalculateSize());
}

/// <summary>Sizes and records each sub-message's size in a <see cref="SizeTable"/>, for a write's length prefixes.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct RecordingSizePass : ISizePass<RecordingSizePass>
{
    private readonly SizeTable _table;

    /// <summary>A pass recording into <paramref name="table"/>.</summary>
    public RecordingSizePass(SizeTable table) => _table = table;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Reserve() => _table.Reserve();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Record(int slot, int size) => _table.Record(slot, size);

    /// <inheritdoc/>
    public SizeTable? Table => _table;

    /// <inheritdoc/>
    public RecordingSizePass Nested => this;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int String(string value) => WireSize.String(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int MessageWithinBound<TMessage>(TMessage message)
        where TMessage : IMessage
        => WireSize.LengthDelimited(_table.Record(_table.Reserve(), message.CalculateSize()));
}

/// <summary>Records as <see cref="RecordingSizePass"/> does, but bounds the size of the message it is made for
/// instead of computing it: an upper bound for <see cref="IMessage.CalculateWriteBound"/>, whose writer encodes each
/// string, and writes each sub-message sized within its bound, before filling in its length prefix.</summary>
/// <remarks>Only the message's own strings and its sub-messages of strings are bounded: the messages inside it are
/// sized in its <see cref="Nested"/> pass, exactly, because their sizes become length prefixes before their bytes are
/// written. Slots are taken in the same order as in an exact pass; a bounded sub-message's slot says so
/// (<see cref="SizeTable.PrefixedAfterWrite"/>).</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct BoundSizePass : ISizePass<RecordingSizePass>
{
    private readonly SizeTable _table;

    /// <summary>A pass bounding a message's size, recording into <paramref name="table"/>.</summary>
    public BoundSizePass(SizeTable table) => _table = table;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Reserve() => _table.Reserve();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Record(int slot, int size) => _table.Record(slot, size);

    /// <inheritdoc/>
    public SizeTable? Table => _table;

    /// <inheritdoc/>
    public RecordingSizePass Nested => new(_table);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int String(string value) => WireSize.StringBound(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int MessageWithinBound<TMessage>(TMessage message)
        where TMessage : IMessage
        => WireSize.MessageBound(message, _table);
}
