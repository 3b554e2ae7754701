using System.Runtime.CompilerServices;
using ProtoGen.Wire;

namespace ProtoGen.Tests.Runtime;

/// <summary>
/// <c>PROTOGEN_TEST_UTF8_FRAMEWORK=1</c> runs the tests with the runtime's AppContext switch
/// <c>ProtoGen.Utf8.UseFrameworkEncoding</c> on, so that every string the wire writer, reader and sizes handle goes
/// through the framework's transcoder instead of the vectorised one (.ci/run does so for the runtime tests): the
/// tests' expected bytes and strings must hold either way.
/// </summary>
internal static class Utf8FrameworkMode
{
    internal const string Variable = "PROTOGEN_TEST_UTF8_FRAMEWORK";

    internal static bool Requested => Environment.GetEnvironmentVariable(Variable) == "1";

    // Runs when the test assembly is loaded, before any test can touch Utf8Transcoder, which reads the switch once
    // (referring to its const name here does not initialise it).
#pragma warning disable CA2255 // A test assembly, not a library: setting the switch before any test is the point.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (Requested)
        {
            AppContext.SetSwitch(Utf8Transcoder.UseFrameworkEncodingSwitch, true);
        }
    }
}
