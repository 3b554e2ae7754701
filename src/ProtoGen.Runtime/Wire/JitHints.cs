using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace ProtoGen.Wire;

/// <summary>The <see cref="MethodImplAttribute"/> options generated code asks for, named once here so that a generated
/// file says <c>[src::MethodImpl(pgw::JitHints.CallOnly)]</c>. Plumbing for generated code, not for users.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JitHints
{
    /// <summary>For the one-line entries of a generic size body in a message that holds messages: never inlined, so
    /// that the body is compiled on its own with its own profile and inlines its small helpers (docs/serialization.md,
    /// "Inlined size bodies").</summary>
    public const MethodImplOptions CallOnly = MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization;

    /// <summary>For size bodies that are one switch (a one-oneof message) and small helpers the JIT should inline.</summary>
    public const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;
}
