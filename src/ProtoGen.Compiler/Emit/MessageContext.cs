using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

/// <summary>What the emitters of one message share: the model, its C# name, the type index and per-message state
/// handed out while fields are planned (has-bits, wrapper reader helpers).</summary>
internal sealed class MessageContext
{
    public MessageContext(MessageModel message, string csharpName, FileModel file, TypeIndex types)
    {
        Message = message;
        CSharpName = csharpName;
        File = file;
        Types = types;
    }

    public MessageModel Message { get; }

    /// <summary>The kind of a field's values in this message, with its encoding features applied.</summary>
    public ValueKind KindOf(FieldModel field) =>
        ValueKind.For(field, Types, Features.IsDelimited(field, Info.Scope), Features.ValidatesUtf8(field, Info.Scope));

    /// <summary>The message's entry in the type index (its feature scopes).</summary>
    public ProtoTypeInfo Info => Types.Get(Message.FullName);

    /// <summary><c>global::</c>-qualified name of the generated class.</summary>
    public string CSharpName { get; }

    public FileModel File { get; }

    public TypeIndex Types { get; }

    public int HasBitCount { get; private set; }

    /// <summary>The field in which a plain-value message remembers its size (see MessageEmitter.RememberedSizeType).</summary>
    public const string RememberedSizeField = "_rememberedSize";

    /// <summary>Whether the message remembers its size between CalculateSize calls, so that every member changing a
    /// field must forget it; decided by the message emitter once its fields are planned.</summary>
    public bool RemembersSize { get; set; }

    /// <summary>Wrapper kinds whose reader helper the message must declare, by helper name.</summary>
    public SortedDictionary<string, ValueKind> WrapperReaders { get; } = new(StringComparer.Ordinal);

    /// <summary>Reserves one presence bit; returns the has-bits field and the mask of that bit.</summary>
    public (string Field, string Mask) AllocateHasBit()
    {
        int index = HasBitCount++;
        int mask = 1 << (index % 32);
        return ("_hasBits" + (index / 32).ToString(System.Globalization.CultureInfo.InvariantCulture),
            mask.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void UseWrapperReader(ValueKind kind)
    {
        if (kind.IsWrapper) WrapperReaders[kind.WrapperReaderName] = kind;
    }
}
