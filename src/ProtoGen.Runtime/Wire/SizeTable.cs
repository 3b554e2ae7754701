using System.Runtime.CompilerServices;

namespace ProtoGen.Wire;

/// <summary>
/// The sizes of a message's sub-messages, recorded by the size pass in the order the write pass needs them for their
/// length prefixes, so that writing a message sizes each sub-message once, whatever its depth.
/// </summary>
/// <remarks>
/// <para>The size pass (<see cref="IMessage.CalculateSize(SizeTable)"/>) takes a slot for a sub-message before sizing
/// it (<see cref="ISizePass{TNested}"/>), so the slots are in pre-order: a sub-message's own slot comes
/// before those of the messages inside it. The write pass meets the sub-messages in the same order (both passes go
/// through the fields in field-number order, under the same tests), and a <see cref="WireWriter"/> made with the table
/// reads the slots back one after another for the length prefixes. A message changed between the two passes makes the
/// writer read the wrong slots; the bytes written then do not add up to the size and the serializer throws.</para>
/// <para>The table lives outside the messages, so no message instance carries a size field for the write pass (that
/// field would make some instances 8 bytes larger than Google.Protobuf's, which size every sub-message again at every
/// level instead). <see cref="MessageSerializer"/> rents one table per thread; generated code only passes it on.</para>
/// </remarks>
public sealed class SizeTable
{
    // A table that grew beyond this many slots (a message with more than 16,384 sub-messages) gets a new array of
    // InitialSlots when it is returned: the thread does not keep the large one.
    private const int MaxKeptSlots = 16 * 1024;

    private const int InitialSlots = 64;

    // The thread's table. It stays there while rented (marked by _rented), so that returning it touches no thread
    // static: Rent reads this once, and replaces it only when it is still rented (a write inside a write, or a table
    // never returned after an exception).
    [ThreadStatic]
    private static SizeTable? t_spare;

    private int[] _sizes = new int[InitialSlots];
    private int _count;
    private bool _rented;

    private SizeTable()
    {
    }

    /// <summary>Number of slots recorded.</summary>
    public int Count => _count;

    /// <summary>An empty table: the thread's own if it is not in use (returned by <see cref="Return"/>), else a new one,
    /// which becomes the thread's.</summary>
    public static SizeTable Rent()
    {
        SizeTable? table = t_spare;
        if (table is null || table._rented)
        {
            t_spare = table = new SizeTable();
        }

        table._rented = true;
        return table;
    }

    /// <summary>Empties the table, for the next <see cref="Rent"/> on the thread whose table it is. A table not returned
    /// (after an exception) is replaced at the thread's next rent and collected.</summary>
    public void Return()
    {
        _count = 0;
        if (_sizes.Length > MaxKeptSlots)
        {
            _sizes = new int[InitialSlots];
        }

        _rented = false;
    }

    /// <summary>In a slot, instead of a size, minus the bytes left for a sub-message's length prefix (1 or 2), which
    /// the writer fills in after writing it: only a write bound records it (see <see cref="WireSize.MessageBound"/>).</summary>
    /// <returns>The slot's value for <paramref name="prefixBytes"/> bytes.</returns>
    public static int PrefixedAfterWrite(int prefixBytes) => -prefixBytes;

    /// <summary>The largest payload with a length prefix of at most 2 bytes.</summary>
    public const int MaxPrefixedAfterWrite = (1 << 14) - 1;

    // The bytes of the length prefix of a payload of up to MaxPrefixedAfterWrite bytes: a plain compare rather than
    // WireSize.Varint32's arithmetic, which measured slower where every map entry takes a prefix.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int PrefixBytes(int payload) => payload < 128 ? 1 : 2;

    /// <summary>Takes the next slot, for a sub-message about to be sized.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Reserve()
    {
        int slot = _count;
        if ((uint)slot >= (uint)_sizes.Length)
        {
            Grow();
        }

        _count = slot + 1;
        return slot;
    }

    /// <summary>Stores a sub-message's <paramref name="size"/> in the <paramref name="slot"/> it reserved; returns the size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Record(int slot, int size)
    {
        _sizes[slot] = size;
        return size;
    }

    /// <summary>Sizes <paramref name="message"/> into the next slot (for code that holds a table rather than a pass,
    /// such as extension values); returns the size.</summary>
    public int Measure<T>(T message)
        where T : IMessage
        => Record(Reserve(), message.CalculateSize(this));

    /// <summary>The size in slot <paramref name="slot"/>, for the write pass.</summary>
    /// <exception cref="InvalidOperationException">The write pass asks for more sizes than the size pass recorded.</exception>
    public int this[int slot]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int[] sizes = _sizes;
            // The count never exceeds the length; testing both lets the JIT drop its own bounds check.
            if ((uint)slot >= (uint)_count || (uint)slot >= (uint)sizes.Length)
            {
                ThrowChanged();
            }

            return sizes[slot];
        }
    }

    private void Grow() => Array.Resize(ref _sizes, _sizes.Length * 2);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    internal static void ThrowChanged() => throw new InvalidOperationException(
        "The message's sub-messages do not match its size pass. Was it changed while being written?");
}
