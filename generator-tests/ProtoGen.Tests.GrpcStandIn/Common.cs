// TEST-ONLY STAND-IN for Grpc.Core.Api (not restorable here): the real namespace, names and signatures of just the types
// generated stubs (ProtoGen's, and grpc_csharp_plugin's for the interop tests) and the tests use, each checked against
// grpc-dotnet's src/Grpc.Core.Api. Bodies are minimal.
using System.Buffers;
using System.Collections;

namespace Grpc.Core;

/// <summary>Method types supported by gRPC.</summary>
public enum MethodType
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}

/// <summary>A non-generic representation of a remote method.</summary>
public interface IMethod
{
    MethodType Type { get; }
    string ServiceName { get; }
    string Name { get; }
    string FullName { get; }
}

/// <summary>A description of a remote method.</summary>
public class Method<TRequest, TResponse> : IMethod
{
    public Method(MethodType type, string serviceName, string name, Marshaller<TRequest> requestMarshaller, Marshaller<TResponse> responseMarshaller)
    {
        Type = type;
        ServiceName = serviceName ?? throw new ArgumentNullException(nameof(serviceName));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        RequestMarshaller = requestMarshaller ?? throw new ArgumentNullException(nameof(requestMarshaller));
        ResponseMarshaller = responseMarshaller ?? throw new ArgumentNullException(nameof(responseMarshaller));
        FullName = "/" + serviceName + "/" + name;
    }

    public MethodType Type { get; }
    public string ServiceName { get; }
    public string Name { get; }
    public Marshaller<TRequest> RequestMarshaller { get; }
    public Marshaller<TResponse> ResponseMarshaller { get; }
    public string FullName { get; }
}

/// <summary>Encapsulates the logic for serializing and deserializing messages.</summary>
public class Marshaller<T>
{
    public Marshaller(Func<T, byte[]> serializer, Func<byte[], T> deserializer)
    {
        Serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        Deserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
        ContextualSerializer = (message, context) => context.Complete(Serializer(message));
        ContextualDeserializer = context => Deserializer(context.PayloadAsNewBuffer());
    }

    public Marshaller(Action<T, SerializationContext> serializer, Func<DeserializationContext, T> deserializer)
    {
        ContextualSerializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        ContextualDeserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
        Serializer = _ => throw new NotImplementedException();
        Deserializer = _ => throw new NotImplementedException();
    }

    public Func<T, byte[]> Serializer { get; }
    public Func<byte[], T> Deserializer { get; }
    public Action<T, SerializationContext> ContextualSerializer { get; }
    public Func<DeserializationContext, T> ContextualDeserializer { get; }
}

/// <summary>Utilities for creating marshallers (grpc_csharp_plugin's stubs use them).</summary>
public static class Marshallers
{
    public static Marshaller<T> Create<T>(Func<T, byte[]> serializer, Func<byte[], T> deserializer) => new(serializer, deserializer);

    public static Marshaller<T> Create<T>(Action<T, SerializationContext> serializer, Func<DeserializationContext, T> deserializer) => new(serializer, deserializer);
}

/// <summary>Provides storage for payload when serializing a message.</summary>
public abstract class SerializationContext
{
    public virtual void Complete(byte[] payload) => throw new NotImplementedException();
    public virtual IBufferWriter<byte> GetBufferWriter() => throw new NotImplementedException();
    public virtual void SetPayloadLength(int payloadLength) { }
    public virtual void Complete() => throw new NotImplementedException();
}

/// <summary>Provides access to the payload being deserialized when deserializing messages.</summary>
public abstract class DeserializationContext
{
    public abstract int PayloadLength { get; }
    public virtual byte[] PayloadAsNewBuffer() => throw new NotImplementedException();
    public virtual ReadOnlySequence<byte> PayloadAsReadOnlySequence() => throw new NotImplementedException();
}

/// <summary>Result of a remote procedure call.</summary>
public struct Status
{
    public static readonly Status DefaultSuccess = new(StatusCode.OK, "");
    public static readonly Status DefaultCancelled = new(StatusCode.Cancelled, "");

    public Status(StatusCode statusCode, string detail) : this(statusCode, detail, null)
    {
    }

    public Status(StatusCode statusCode, string detail, Exception? debugException)
    {
        StatusCode = statusCode;
        Detail = detail;
        DebugException = debugException;
    }

    public StatusCode StatusCode { get; }
    public string Detail { get; }
    public Exception? DebugException { get; }

    public override string ToString() => $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")";
}

/// <summary>Result of a remote procedure call (the numbers are gRPC's wire codes).</summary>
public enum StatusCode
{
    OK = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    Unauthenticated = 16,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
}

/// <summary>Thrown when remote procedure call fails.</summary>
public class RpcException : Exception
{
    public RpcException(Status status) : this(status, Metadata.Empty, status.ToString())
    {
    }

    public RpcException(Status status, string message) : this(status, Metadata.Empty, message)
    {
    }

    public RpcException(Status status, Metadata trailers) : this(status, trailers, status.ToString())
    {
    }

    public RpcException(Status status, Metadata trailers, string message) : base(message)
    {
        Status = status;
        Trailers = trailers ?? throw new ArgumentNullException(nameof(trailers));
    }

    public Status Status { get; }
    public StatusCode StatusCode => Status.StatusCode;
    public Metadata Trailers { get; }
}

/// <summary>A collection of metadata entries (headers or trailers). Keys are lower-cased; "-bin" keys hold bytes.</summary>
public sealed class Metadata : IList<Metadata.Entry>
{
    public const string BinaryHeaderSuffix = "-bin";

    public static readonly Metadata Empty = new();

    private readonly List<Entry> _entries = new();

    public Metadata()
    {
    }

    public Entry? Get(string key)
    {
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == key.ToLowerInvariant()) return _entries[i];
        }
        return null;
    }

    public string? GetValue(string key) => Get(key)?.Value;

    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    public void Add(string key, string value) => Add(new Entry(key, value));

    public void Add(string key, byte[] valueBytes) => Add(new Entry(key, valueBytes));

    public int IndexOf(Entry item) => _entries.IndexOf(item);
    public void Insert(int index, Entry item) => _entries.Insert(index, item);
    public void RemoveAt(int index) => _entries.RemoveAt(index);
    public Entry this[int index] { get => _entries[index]; set => _entries[index] = value; }
    public void Add(Entry item) => _entries.Add(item ?? throw new ArgumentNullException(nameof(item)));
    public void Clear() => _entries.Clear();
    public bool Contains(Entry item) => _entries.Contains(item);
    public void CopyTo(Entry[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);
    public int Count => _entries.Count;
    public bool IsReadOnly => false;
    public bool Remove(Entry item) => _entries.Remove(item);
    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Metadata entry.</summary>
    public class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _valueBytes;

        public Entry(string key, byte[] valueBytes)
        {
            Key = key.ToLowerInvariant();
            if (!Key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal)) throw new ArgumentException("Key for binary valued metadata entry needs to have suffix indicating binary value.");
            _valueBytes = valueBytes;
        }

        public Entry(string key, string value)
        {
            Key = key.ToLowerInvariant();
            if (Key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal)) throw new ArgumentException("Key for ASCII valued metadata entry cannot have suffix indicating binary value.");
            _value = value;
        }

        public string Key { get; }
        public byte[] ValueBytes => _valueBytes ?? System.Text.Encoding.ASCII.GetBytes(_value!);
        public string Value => _value ?? throw new InvalidOperationException("Entry is a binary value.");
        public bool IsBinary => _valueBytes is not null;
    }
}

/// <summary>Flags for write operations.</summary>
[Flags]
public enum WriteFlags
{
    BufferHint = 0x1,
    NoCompress = 0x2,
}

/// <summary>Options for write operations.</summary>
public class WriteOptions
{
    public static readonly WriteOptions Default = new();

    public WriteOptions(WriteFlags flags = default) => Flags = flags;

    public WriteFlags Flags { get; }
}
