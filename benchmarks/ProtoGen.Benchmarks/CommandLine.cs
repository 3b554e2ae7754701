namespace ProtoGen.Benchmarks;

/// <summary>The modes' options: <c>--name value</c> pairs after the mode's own flag.</summary>
internal static class CommandLine
{
    /// <summary>The value after the first <paramref name="name"/>, or null when it is absent or last.</summary>
    public static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The value after each <paramref name="name"/>, in order.</summary>
    public static List<string> Values(string[] args, string name) =>
        args.Select((a, i) => (a, i)).Where(x => x.a == name && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
}
