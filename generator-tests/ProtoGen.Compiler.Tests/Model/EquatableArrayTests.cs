using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Tests.Model;

public class EquatableArrayTests
{
    [Fact]
    public void EquatableArray_keeps_its_own_copy_so_the_callers_array_cannot_change_the_model()
    {
        var items = new[] { "a", "b" };
        var array = new EquatableArray<string>(items);
        items[0] = "changed";

        Assert.Equal("a", array[0]);
        Assert.Equal(new EquatableArray<string>(new[] { "a", "b" }), array);
    }
}
