#if NETSTANDARD2_0
using System.Buffers;

namespace ProtoGen;

/// <summary>netstandard2.0 builds: the members of .NET's System.Buffers.ArrayBufferWriter that the runtime uses (that
/// type is public from .NET Core 3.0 on; System.Text.Json's netstandard2.0 copy is internal). Declared in namespace
/// ProtoGen, so the shared source names it the same way on every target.</summary>
internal sealed class ArrayBufferWriter<T> : IBufferWriter<T>
{
    private T[] _buffer;
    private int _index;

    public ArrayBufferWriter() : this(256) { }

    public ArrayBufferWriter(int initialCapacity)
    {
        if (initialCapacity <= 0) throw new ArgumentOutOfRangeException(nameof(initialCapacity));
        _buffer = new T[initialCapacity];
    }

    public ReadOnlySpan<T> WrittenSpan => _buffer.AsSpan(0, _index);

    public ReadOnlyMemory<T> WrittenMemory => _buffer.AsMemory(0, _index);

    public int WrittenCount => _index;

    public void Advance(int count)
    {
        // The writer may only advance over what GetSpan/GetMemory handed out, which lies within _buffer.
        if (count < 0 || _index > _buffer.Length - count) throw new ArgumentOutOfRangeException(nameof(count));
        _index += count;
    }

    public Memory<T> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_index);
    }

    public Span<T> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_index);
    }

    // At least sizeHint (at least 1) free elements after _index; grows by doubling, within Array.MaxLength.
    private void Reserve(int sizeHint)
    {
        if (sizeHint < 0) throw new ArgumentOutOfRangeException(nameof(sizeHint));
        if (sizeHint == 0) sizeHint = 1;
        if (_buffer.Length - _index >= sizeHint) return;
        long needed = (long)_index + sizeHint;
        long grown = Math.Max(needed, (long)_buffer.Length * 2);
        if (grown > Array.MaxLength) grown = Math.Max(needed, Array.MaxLength);
        if (grown > int.MaxValue) throw new OutOfMemoryException();
        Array.Resize(ref _buffer, (int)grown);
    }
}
#endif
