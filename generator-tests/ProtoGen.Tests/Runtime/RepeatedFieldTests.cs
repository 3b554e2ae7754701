using ProtoGen.Collections;

namespace ProtoGen.Tests.Runtime;

public class RepeatedFieldTests
{
    [Fact]
    public void The_shared_empty_list_refuses_every_change_and_stays_empty()
    {
        RepeatedField<string> empty = RepeatedField<string>.Empty;
        Assert.True(empty.IsReadOnly);
        Assert.False(new RepeatedField<string>().IsReadOnly);
        Assert.Throws<NotSupportedException>(() => empty.Add("a"));
        Assert.Throws<NotSupportedException>(() => empty.AddRange(["a", "b"]));
        Assert.Throws<NotSupportedException>(() => empty.AddRange(new List<string> { "a" }));
        Assert.Throws<NotSupportedException>(() => empty.Insert(0, "a"));
        Assert.Throws<NotSupportedException>(() => empty.EnsureCapacity(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => empty[0] = "a");

        // What changes nothing is allowed, as on any empty list.
        empty.AddRange(ReadOnlySpan<string>.Empty);
        empty.Clear();
        Assert.False(empty.Remove("a"));
        Assert.Empty(empty);
        Assert.Equal(new RepeatedField<string>(), empty);
        Assert.Equal(new RepeatedField<string>().GetHashCode(), empty.GetHashCode());
        Assert.Same(empty, RepeatedField<string>.Empty);
        Assert.False(empty.Clone().IsReadOnly);
    }

    [Fact]
    public void Keeps_insertion_order_and_supports_list_operations()
    {
        var list = new RepeatedField<int> { 1, 2, 3 };
        list.Add(new[] { 4, 5 });
        list.AddRange(new List<int> { 6 });
        list.AddRange([7, 8]);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6, 7, 8 }, list);
        list.Insert(0, 0);
        list.RemoveAt(8);
        Assert.True(list.Remove(3));
        Assert.False(list.Remove(42));
        Assert.Equal(new[] { 0, 1, 2, 4, 5, 6, 7 }, list);
        Assert.Equal(3, list.IndexOf(4));
        Assert.Contains(7, list);
        list[0] = 10;
        Assert.Equal(10, list[0]);
        Assert.Equal(7, list.Count);
        Assert.Equal(new[] { 10, 1, 2, 4, 5, 6, 7 }, list.AsSpan().ToArray());
        int[] copy = new int[8];
        list.CopyTo(copy, 1);
        Assert.Equal(new[] { 0, 10, 1, 2, 4, 5, 6, 7 }, copy);
        list.Clear();
        Assert.Empty(list);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.RemoveAt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Insert(1, 1));
    }

    [Fact]
    public void Rejects_null()
    {
        var list = new RepeatedField<string> { "a" };
        Assert.Throws<ArgumentNullException>(() => list.Add((string)null!));
        Assert.Throws<ArgumentNullException>(() => list[0] = null!);
        Assert.Throws<ArgumentNullException>(() => list.Insert(0, null!));
        Assert.Throws<ArgumentNullException>(() => list.AddRange(new[] { "b", null! }));
        Assert.Throws<ArgumentNullException>(() => list.AddRange((IEnumerable<string>)null!));
        Assert.Equal("a", list[0]);
        Assert.DoesNotContain(null!, list);
    }

    [Fact]
    public void Equality_is_element_wise_and_bitwise_for_floating_point()
    {
        var a = new RepeatedField<double> { 1.0, double.NaN, 0.0 };
        var b = new RepeatedField<double> { 1.0, double.NaN, 0.0 };
        var c = new RepeatedField<double> { 1.0, double.NaN, -0.0 };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.False(a.Equals(null));
        Assert.NotEqual(new RepeatedField<float> { float.NaN }, new RepeatedField<float> { BitConverter.UInt32BitsToSingle(0x7FC00001) });
        Assert.Equal(new RepeatedField<string> { "x", "y" }, new RepeatedField<string> { "x", "y" });
        Assert.NotEqual(new RepeatedField<string> { "x", "y" }, new RepeatedField<string> { "y", "x" });
        Assert.NotEqual(new RepeatedField<int> { 1 }, new RepeatedField<int> { 1, 1 });
        Assert.Contains(double.NaN, a);
    }

    [Fact]
    public void Clone_is_shallow_and_independent()
    {
        var child = new TestMessage { Id = 1 };
        var list = new RepeatedField<TestMessage> { child };
        RepeatedField<TestMessage> clone = list.Clone();
        Assert.Equal(list, clone);
        Assert.Same(child, clone[0]);
        clone.Add(new TestMessage());
        Assert.Single(list);
    }

    [Fact]
    public void Enumerating_with_foreach_does_not_allocate()
    {
        var list = new RepeatedField<int> { 1, 2, 3 };
        int sum = Sum(list);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            sum += Sum(list);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(606, sum);
    }

    [Fact]
    public void Grows_past_its_capacity()
    {
        var list = new RepeatedField<long>();
        list.EnsureCapacity(2);
        for (int i = 0; i < 1000; i++)
        {
            list.Add(i);
        }

        Assert.Equal(1000, list.Count);
        Assert.Equal(999, list[999]);
        Assert.Equal("[ \"0\", \"1\" ]", new RepeatedField<long> { 0, 1 }.ToString());
    }

    private static int Sum(RepeatedField<int> list)
    {
        int sum = 0;
        foreach (int item in list)
        {
            sum += item;
        }

        return sum;
    }
}
