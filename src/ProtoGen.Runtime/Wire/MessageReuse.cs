using System.ComponentModel;
using System.Runtime.CompilerServices;
using ProtoGen.Collections;

namespace ProtoGen.Wire;

/// <summary>Plumbing between generated code and the runtime for parsing into a reused message
/// (<see cref="MessageParser{T}.ParseInto(T, ReadOnlySpan{byte})"/>): a list of messages cleared by its message's
/// <see cref="IMessage.Clear"/> keeps its elements past its count, and the parse takes each back, cleared, before it
/// would allocate a new one. Not for use outside generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MessageReuse
{
    /// <summary>Empties <paramref name="list"/>, keeping its elements for <see cref="TakeKeptElement"/>.</summary>
    public static void ClearKeepingElements<T>(RepeatedField<T> list)
        where T : class, IMessage
    {
        list.ClearKeepingElements();
    }

    /// <summary>The element the next <c>Add</c> of <paramref name="list"/> would overwrite, cleared, if
    /// <see cref="ClearKeepingElements"/> left one there; else null. Always null in a list made by a parse, whose
    /// slots past the count are empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? TakeKeptElement<T>(RepeatedField<T> list)
        where T : class, IMessage
    {
        T? kept = list.KeptElement();
        kept?.Clear();
        return kept;
    }
}
