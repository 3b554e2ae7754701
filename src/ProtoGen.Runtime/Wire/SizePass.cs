using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace ProtoGen.Wire;

/// <summary>What a message's size pass does with its sub-messages' sizes: nothing (<see cref="SizeOnlyPass"/>, for
/// <c>CalculateSize()</c>), or record them for the write that follows (<see cref="RecordingSizePass"/>).</summary>
/// <remarks>
/// <para>Generated code has one size body per message, generic over the pass struct; the JIT compiles it once per pass,
/// so sizing alone has no recording and no test for it in its code. A sub-message is sized as
/// <c>sizes.Record(sizes.Reserve(), child.CalculateSize(sizes))</c>: its slot is taken before the messages inside it
/// take theirs (C# evaluates arguments left to right), which is the order the write pass reads them in.</para>
/// <para>The methods are not generic, so they are compiled for each pass exactly, inlined or not.</para>
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

    /// <summary>The table sizes are recorded in, or null (extension values take it from here).</summary>
    SizeTable? Table { get; }
}

/// <summary>Sizes without recording anything: <c>CalculateSize()</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SizeOnlyPass : ISizePass
{
    /// <inheritdoc/>
    public int Reserve() => 0;

    /// <inheritdoc/>
    public int Record(int slot, int size) => size;

    /// <inheritdoc/>
    public SizeTable? Table => null;
}

/// <summary>Sizes and records each sub-message's size in a <see cref="SizeTable"/>, for a write's length prefixes.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct RecordingSizePass : ISizePass
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
}
