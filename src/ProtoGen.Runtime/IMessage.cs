using System.ComponentModel;
using ProtoGen.Wire;

namespace ProtoGen;

/// <summary>A protobuf message as generated code implements it: sizing, writing and merging.</summary>
public interface IMessage
{
    /// <summary>Computes the encoded size.</summary>
    int CalculateSize();

    /// <summary>Computes the encoded size, recording every sub-message's size in <paramref name="sizes"/> for a write
    /// that follows (docs/serialization.md, "Writing: one size pass, then one write pass").</summary>
    /// <remarks>Plumbing, not for users: public only because the runtime's serializer and the size pass of a parent
    /// message in another assembly (one holding a well-known type, or a message of a shared contracts library) call it
    /// on messages they did not compile. Generated classes implement it explicitly, so it is not among their members.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    int CalculateSize(SizeTable sizes);

    /// <summary>For a write into a buffer of the returned size: an upper bound of the encoded size, which fills
    /// <paramref name="sizes"/> as <see cref="CalculateSize(SizeTable)"/> does. Generated messages with strings of
    /// their own count those as 3 bytes per char (the most a UTF-16 char encodes to) instead of reading them, since
    /// the writer encodes a string before filling in its length prefix, and size small sub-messages of strings within
    /// their own bound (<see cref="WireSize.MessageBound"/>); anything else is sized exactly.</summary>
    /// <remarks>Plumbing, not for users: public for the same reason as <see cref="CalculateSize(SizeTable)"/> (the
    /// serializer's <c>WriteTo(IBufferWriter&lt;byte&gt;)</c> and <c>WriteTo(Stream)</c>, and parents in other
    /// assemblies, through <see cref="WireSize.MessageBound"/>), and implemented explicitly.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
#if NET
    int CalculateWriteBound(SizeTable sizes) => CalculateSize(sizes);
#else
    // netstandard2.0 cannot declare a default implementation: messages compiled against this target implement it
    // (generated code does so when it finds this member abstract).
    int CalculateWriteBound(SizeTable sizes);
#endif

    /// <summary>Whether <see cref="CalculateSize(SizeTable)"/>, <see cref="CalculateWriteBound"/> and
    /// <see cref="WriteTo"/> record or read sub-messages' sizes in a size table. Generated messages that hold no
    /// sub-messages, no maps and no extensions say false, and the serializer then sizes and writes them without
    /// renting a table (those methods ignore the table they are given).</summary>
    /// <remarks>Plumbing, not for users, implemented explicitly.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
#if NET
    bool UsesSizeTable => true;
#else
    // netstandard2.0 cannot declare a default implementation: generated code implements it when it finds it abstract.
    bool UsesSizeTable { get; }
#endif

    /// <summary>Writes the message into <paramref name="output"/> as <see cref="MessageSerializer.WriteTo(IMessage,
    /// System.Buffers.IBufferWriter{byte})"/> does, which checks its arguments and calls this: its one call into the
    /// message's type. Generated messages that use no size table implement it with
    /// <see cref="MessageSerializer.WriteWithoutSizeTable"/>, which is inlined there, so that the calls it makes on the
    /// message are direct calls on the sealed class; the default goes through the calls on <see cref="IMessage"/>.</summary>
    /// <remarks>Plumbing, not for users, implemented explicitly. Why it exists: the serializer's code is shared by every
    /// message type, so once several types have gone through it, its calls on <see cref="IMessage"/> are dispatched
    /// through the interface instead of the type that Dynamic PGO saw first (docs/serialization.md, "One call into the
    /// message's type").</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
#if NET
    void WriteToOutput(System.Buffers.IBufferWriter<byte> output) => MessageSerializer.WriteThroughInterface(this, output);
#else
    // netstandard2.0 cannot declare a default implementation: generated code implements it when it finds it abstract.
    void WriteToOutput(System.Buffers.IBufferWriter<byte> output);
#endif

    /// <summary>Writes the fields without a length prefix. A writer with a size table needs the table filled by this
    /// message's <see cref="CalculateSize(SizeTable)"/> since its last change; one without sizes sub-messages itself.</summary>
    void WriteTo(ref WireWriter writer);

    /// <summary>Merges fields read from <paramref name="reader"/> until ReadTag() returns 0.</summary>
    void MergeFrom(ref WireReader reader);

    /// <summary>Makes every field unset, as in a new message, keeping the storage a parse into the message can reuse:
    /// lists and maps keep their arrays, and a list of messages keeps its elements, which the next parse clears and
    /// fills instead of allocating new ones. Singular message fields, oneof members and map values are let go.
    /// <see cref="MessageParser{T}.ParseInto(T, ReadOnlySpan{byte})"/> clears, then parses.</summary>
    /// <remarks>Elements kept for reuse are changed by the next parse into this message: hold no references to a
    /// message's elements across <c>Clear()</c> or <c>ParseInto</c> (clone them instead).</remarks>
    void Clear();

    /// <summary>Whether every required field (proto2 <c>required</c>, editions LEGACY_REQUIRED) is set, here and in
    /// every sub-message; parsing with a MessageParser fails otherwise.</summary>
    bool IsInitialized();

    /// <summary>The full protobuf name, such as "acme.store.v1.Item".</summary>
    string ProtoTypeName { get; }
}

/// <summary>A protobuf message of a known type, with typed merge, clone and equality.</summary>
/// <typeparam name="T">The message type itself.</typeparam>
public interface IMessage<T> : IMessage, IEquatable<T>
    where T : IMessage<T>
{
    /// <summary>Merges another message of the same type into this one, following protobuf merge rules: set scalars
    /// overwrite, messages merge, repeated fields append, map entries overwrite by key, a set oneof member replaces the
    /// current one. A <c>null</c> <paramref name="other"/> changes nothing.</summary>
    void MergeFrom(T other);

    /// <summary>Creates a deep copy.</summary>
    T Clone();
}
