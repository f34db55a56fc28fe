namespace Horreum.Migrations.Tests;

public sealed class FieldChangesTests
{
    [Fact]
    public void Set_and_Remove_last_word_per_field_wins_and_views_follow_later_changes()
    {
        var changes = new FieldChanges();
        Assert.True(changes.IsEmpty);
        var sets = changes.Sets;
        var removals = changes.Removals;

        changes.Set("a", 1).Set("b", "x").Remove("a").Set("c", null).Set("d", 4L).Set("b", "y");

        Assert.False(changes.IsEmpty);
        Assert.Equal([new KeyValuePair<string, object?>("b", "y"), new KeyValuePair<string, object?>("d", 4L)], sets.ToArray());
        Assert.Equal(["a", "c"], removals.ToArray());
        Assert.Equal(2, sets.Count);
        Assert.Equal(2, removals.Count);
        Assert.True(sets.ContainsKey("d"));
        Assert.False(sets.ContainsKey("a"));
        Assert.Equal("y", sets["b"]);
        Assert.Throws<KeyNotFoundException>(() => sets["a"]);

        changes.Set("a", 2);
        Assert.Equal(2, sets["a"]);
        Assert.Equal(["c"], removals.ToArray());
    }

    [Fact]
    public void A_single_change_and_its_replacement_are_kept()
    {
        var changes = new FieldChanges().Set("only", 1);
        Assert.Equal(1, changes.Sets["only"]);
        changes.Remove("only");
        Assert.Empty(changes.Sets);
        Assert.Equal(["only"], changes.Removals.ToArray());
        Assert.False(changes.IsEmpty);
    }

    [Fact]
    public void Names_are_case_sensitive_and_null_names_refused()
    {
        var changes = new FieldChanges().Set("Name", 1).Set("name", 2);
        Assert.Equal(2, changes.Sets.Count);
        Assert.Throws<ArgumentNullException>(() => changes.Set(null!, 1));
        Assert.Throws<ArgumentNullException>(() => changes.Remove(null!));
    }
}
