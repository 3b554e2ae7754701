using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Breaking;

/// <summary>A message or enum with what its meaning depends on beyond itself: its file (syntax, edition) and the options
/// of the scopes it inherits editions features from, innermost first (enclosing messages, then the file).</summary>
internal sealed record MessageEntry(MessageModel Model, FileModel File, IReadOnlyList<OptionsModel> Scopes);

internal sealed record EnumEntry(EnumModel Model, FileModel File, IReadOnlyList<OptionsModel> Scopes);

/// <summary>Every message, enum and service of a set of files by full name (no leading dot), as a type reference
/// resolves them. Built for the baseline (all its files) and for the current file with its imports.</summary>
internal sealed class SchemaIndex
{
    public Dictionary<string, MessageEntry> Messages { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EnumEntry> Enums { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (ServiceModel Model, FileModel File)> Services { get; } = new(StringComparer.Ordinal);

    public SchemaIndex(IEnumerable<FileModel> files)
    {
        foreach (var file in files)
        {
            var scopes = new[] { file.Options };
            foreach (var message in file.MessageTypes) AddMessage(message, file, scopes);
            foreach (var enumModel in file.EnumTypes) Enums[enumModel.FullName] = new EnumEntry(enumModel, file, scopes);
            foreach (var service in file.Services) Services[service.FullName] = (service, file);
        }
    }

    public MessageEntry? Message(string? typeName) =>
        typeName is not null && Messages.TryGetValue(typeName.TrimStart('.'), out var entry) ? entry : null;

    public EnumEntry? Enum(string? typeName) =>
        typeName is not null && Enums.TryGetValue(typeName.TrimStart('.'), out var entry) ? entry : null;

    private void AddMessage(MessageModel message, FileModel file, IReadOnlyList<OptionsModel> scopes)
    {
        Messages[message.FullName] = new MessageEntry(message, file, scopes);
        var inner = new[] { message.Options }.Concat(scopes).ToArray();
        foreach (var nested in message.NestedTypes) AddMessage(nested, file, inner);
        foreach (var enumModel in message.EnumTypes) Enums[enumModel.FullName] = new EnumEntry(enumModel, file, inner);
    }

    /// <summary>Every message of a file, nested ones included, with its full name.</summary>
    public static IEnumerable<MessageModel> AllMessages(IEnumerable<MessageModel> messages)
    {
        foreach (var message in messages)
        {
            yield return message;
            foreach (var nested in AllMessages(message.NestedTypes)) yield return nested;
        }
    }

    public static IEnumerable<EnumModel> AllEnums(FileModel file) =>
        file.EnumTypes.Concat(AllMessages(file.MessageTypes).SelectMany(m => m.EnumTypes));
}
