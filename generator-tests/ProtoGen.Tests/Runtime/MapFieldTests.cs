using ProtoGen.Collections;

namespace ProtoGen.Tests.Runtime;

public class MapFieldTests
{
    [Fact]
    public void The_shared_empty_map_refuses_every_change_and_stays_empty()
    {
        MapField<string, int> empty = MapField<string, int>.Empty;
        Assert.True(empty.IsReadOnly);
        Assert.False(new MapField<string, int>().IsReadOnly);
        Assert.Throws<NotSupportedException>(() => empty["a"] = 1);
        Assert.Throws<NotSupportedException>(() => empty.Add("a", 1));
        Assert.Throws<NotSupportedException>(() => empty.Add(new Dictionary<string, int> { ["a"] = 1 }));
        Assert.Throws<NotSupportedException>(() => empty.MergeFrom(new MapField<string, int> { { "a", 1 } }));

        empty.MergeFrom(new MapField<string, int>());
        empty.Clear();
        Assert.False(empty.Remove("a"));
        Assert.False(empty.ContainsKey("a"));
        Assert.False(empty.TryGetValue("a", out _));
        Assert.Throws<KeyNotFoundException>(() => empty["a"]);
        Assert.Empty(empty);
        Assert.Equal(new MapField<string, int>(), empty);
        Assert.Equal(new MapField<string, int>().GetHashCode(), empty.GetHashCode());
        Assert.False(empty.Clone().IsReadOnly);
    }

    [Fact]
    public void A_map_sized_for_its_entries_allocates_nothing_while_they_are_added()
    {
        // String keys and values, made up front: an unoptimized build boxes value-type keys in the argument checks.
        const int Entries = 40;
        string[] keys = Enumerable.Range(0, Entries).Select(i => "key" + i).ToArray();
        Assert.Throws<NotSupportedException>(() => MapField<string, string>.Empty.EnsureCapacity(Entries));

        var map = new MapField<string, string>();
        map.EnsureCapacity(Entries);
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (string key in keys) map[key] = key;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // Growing a map that holds entries keeps them, in insertion order, and their index.
        map.EnsureCapacity(Entries * 3);
        map["last"] = "x";
        Assert.Equal(keys.Append("last"), map.Keys);
        Assert.Equal("key39", map["key39"]);
        Assert.True(map.Remove("key0"));
        Assert.Equal(Entries, map.Count);
    }

    [Fact]
    public void A_new_map_answers_lookups_before_its_first_entry_and_works_after_clearing()
    {
        var map = new MapField<int, string>();
        Assert.False(map.ContainsKey(1));
        Assert.False(map.TryGetValue(1, out _));
        Assert.False(map.Remove(1));
        Assert.Throws<KeyNotFoundException>(() => map[1]);
        map.Clear();
        Assert.True(map.Equals(new MapField<int, string>()));

        map[1] = "one";
        map.Add(2, "two");
        Assert.Equal("one", map[1]);
        map.Clear();
        Assert.False(map.ContainsKey(1));
        map[2] = "again";
        Assert.Equal(new[] { 2 }, map.Keys);
    }

    [Fact]
    public void Enumerates_in_insertion_order_and_replacing_keeps_the_position()
    {
        var map = new MapField<string, int> { { "c", 3 }, { "a", 1 }, { "b", 2 } };
        Assert.Equal(new[] { "c", "a", "b" }, map.Keys);
        map["a"] = 10;
        Assert.Equal(new[] { "c", "a", "b" }, map.Select(p => p.Key));
        Assert.Equal(new[] { 3, 10, 2 }, map.Values);
        Assert.True(map.Remove("c"));
        map["c"] = 30;
        Assert.Equal(new[] { "a", "b", "c" }, map.Keys);
        Assert.Equal(30, map["c"]);
        Assert.False(map.Remove("zz"));
        Assert.True(map.ContainsKey("b"));
        Assert.True(map.TryGetValue("b", out int b));
        Assert.Equal(2, b);
        Assert.False(map.TryGetValue("q", out _));
        Assert.Throws<KeyNotFoundException>(() => map["q"]);
        Assert.Equal(new[] { "a", "b", "c" }, map.AsSpan().ToArray().Select(p => p.Key));
        map.Clear();
        Assert.Empty(map);
    }

    [Fact]
    public void Remove_from_the_middle_keeps_the_rest_findable()
    {
        var map = new MapField<int, int>();
        for (int i = 0; i < 10; i++)
        {
            map[i] = i * i;
        }

        map.Remove(3);
        map.Remove(0);
        Assert.Equal(new[] { 1, 2, 4, 5, 6, 7, 8, 9 }, map.Keys);
        foreach (int key in map.Keys)
        {
            Assert.Equal(key * key, map[key]);
        }
    }

    [Fact]
    public void Duplicate_key_throws_on_Add()
    {
        var map = new MapField<int, string> { { 1, "a" } };
        Assert.Throws<ArgumentException>(() => map.Add(1, "b"));
        Assert.Throws<ArgumentException>(() => map.Add(new Dictionary<int, string> { [2] = "x", [1] = "y" }));
        Assert.Equal("a", map[1]);
    }

    [Fact]
    public void Null_keys_and_values_are_rejected()
    {
        var map = new MapField<string, string>();
        Assert.Throws<ArgumentNullException>(() => map.Add("a", null!));
        Assert.Throws<ArgumentNullException>(() => map["a"] = null!);
        Assert.Throws<ArgumentNullException>(() => map.Add(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => map.ContainsKey(null!));
        Assert.Empty(map);
        var messages = new MapField<int, TestMessage>();
        Assert.Throws<ArgumentNullException>(() => messages[1] = null!);
    }

    [Fact]
    public void Equality_ignores_order_and_compares_values()
    {
        var a = new MapField<string, double> { { "x", 1 }, { "y", double.NaN } };
        var b = new MapField<string, double> { { "y", double.NaN }, { "x", 1 } };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        b["x"] = 2;
        Assert.NotEqual(a, b);
        b.Remove("x");
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, new MapField<string, double> { { "x", 1 }, { "z", double.NaN } });
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void MergeFrom_overwrites_and_appends_and_Clone_copies()
    {
        var a = new MapField<int, string> { { 1, "a" }, { 2, "b" } };
        var b = new MapField<int, string> { { 3, "c" }, { 1, "z" } };
        a.MergeFrom(b);
        Assert.Equal(new[] { "z", "b", "c" }, a.Values);
        MapField<int, string> clone = a.Clone();
        Assert.Equal(a, clone);
        clone.Remove(1);
        Assert.Equal(3, a.Count);
    }

    [Fact]
    public void Works_as_an_IDictionary()
    {
        IDictionary<string, int> map = new MapField<string, int>();
        map.Add(new KeyValuePair<string, int>("a", 1));
        Assert.Contains(new KeyValuePair<string, int>("a", 1), map);
        Assert.DoesNotContain(new KeyValuePair<string, int>("a", 2), map);
        Assert.False(map.Remove(new KeyValuePair<string, int>("a", 2)));
        Assert.True(map.Remove(new KeyValuePair<string, int>("a", 1)));
        Assert.False(map.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => map.Keys.Add("x"));
    }

    [Fact]
    public void Map_entries_round_trip_through_the_wire_in_order()
    {
        var message = new TestMessage();
        message.Counts["b"] = 2;
        message.Counts["a"] = 0;
        TestMessage parsed = TestMessage.Parser.ParseFrom(message.ToBytes());
        Assert.Equal(new[] { "b", "a" }, parsed.Counts.Keys);
        Assert.Equal(message, parsed);

        // Entries with a missing key or value take the defaults; a repeated key keeps the last value.
        byte[] bytes = [0x42, 0x00, 0x42, 0x03, 0x0A, 0x01, (byte)'k', 0x42, 0x02, 0x10, 0x07];
        TestMessage defaults = TestMessage.Parser.ParseFrom(bytes);
        Assert.Equal(7, defaults.Counts[""]);
        Assert.Equal(0, defaults.Counts["k"]);
        Assert.Equal(new[] { "", "k" }, defaults.Counts.Keys);
    }
}
