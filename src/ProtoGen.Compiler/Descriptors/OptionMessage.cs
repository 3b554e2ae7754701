using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Descriptors;

/// <summary>
/// An options message (or a message inside one) being built from option statements, held as protoc holds it once it
/// has reparsed its options with every extension known: fields by number, a singular scalar keeping its last value,
/// repeated fields appending, singular messages merging. Written back in field-number order, which is the order of
/// the bytes protoc writes (it reserializes options through a dynamic message when stripping source-retention options).
/// </summary>
internal sealed class OptionMessage
{
    private readonly SortedDictionary<int, Slot> _slots = new();

    private sealed class Slot
    {
        public Slot(SchemaField field) => Field = field;

        public SchemaField Field { get; }

        /// <summary>Scalars as their wire value (<see cref="ulong"/> for varint and fixed types, <see cref="byte"/>[]
        /// for strings and bytes); messages as <see cref="OptionMessage"/>.</summary>
        public List<object> Values { get; } = new();
    }

    public bool IsEmpty => _slots.Count == 0;

    /// <summary>The singular message field's value, created empty when not set yet.</summary>
    public OptionMessage Child(SchemaField field)
    {
        var slot = SlotOf(field);
        if (slot.Values.Count == 0) slot.Values.Add(new OptionMessage());
        return (OptionMessage)slot.Values[slot.Values.Count - 1];
    }

    /// <summary>Sets a scalar (replacing a singular one) or appends to a repeated field; merges a singular message.
    /// Source-retention fields are dropped here, at any depth, as protoc strips them from the descriptors it writes.</summary>
    public void Set(SchemaField field, object value)
    {
        if (field.SourceRetention) return;
        var slot = SlotOf(field);
        if (field.IsRepeated)
        {
            slot.Values.Add(value);
        }
        else if (value is OptionMessage message)
        {
            Child(field).MergeFrom(message);
        }
        else
        {
            slot.Values.Clear();
            slot.Values.Add(value);
        }
    }

    public void MergeFrom(OptionMessage other)
    {
        foreach (var slot in other._slots.Values)
        {
            foreach (var value in slot.Values) Set(slot.Field, value);
        }
    }

    private Slot SlotOf(SchemaField field)
    {
        if (!_slots.TryGetValue(field.Number, out var slot)) _slots.Add(field.Number, slot = new Slot(field));
        return slot;
    }

    public void WriteTo(ProtoBuffer buffer)
    {
        foreach (var slot in _slots.Values)
        {
            var field = slot.Field;
            if (field.Packed && slot.Values.Count > 0)
            {
                var packed = new ProtoBuffer();
                foreach (var value in slot.Values) WriteScalar(packed, field.Type, (ulong)value);
                buffer.Tag(field.Number, 2);
                buffer.Varint((ulong)packed.Length);
                buffer.Raw(packed.ToArray());
                continue;
            }
            foreach (var value in slot.Values)
            {
                switch (value)
                {
                    case OptionMessage message when field.Type == FieldType.Group:
                        buffer.Tag(field.Number, 3);
                        message.WriteTo(buffer);
                        buffer.Tag(field.Number, 4);
                        break;
                    case OptionMessage message:
                        buffer.Message(field.Number, message.WriteTo);
                        break;
                    case byte[] bytes:
                        buffer.Bytes(field.Number, bytes);
                        break;
                    default:
                        buffer.Tag(field.Number, WireType(field.Type));
                        WriteScalar(buffer, field.Type, (ulong)value);
                        break;
                }
            }
        }
    }

    public static int WireType(FieldType type) => type switch
    {
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => 1,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => 5,
        FieldType.String or FieldType.Bytes or FieldType.Message => 2,
        FieldType.Group => 3,
        _ => 0,
    };

    private static void WriteScalar(ProtoBuffer buffer, FieldType type, ulong value)
    {
        switch (WireType(type))
        {
            case 1: buffer.Fixed64(value); break;
            case 5: buffer.Fixed32((uint)value); break;
            default: buffer.Varint(value); break;
        }
    }
}
