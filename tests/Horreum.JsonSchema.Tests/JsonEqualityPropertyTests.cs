using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Horreum.JsonSchema.Tests;

/// <summary>JSON equality (const, enum, uniqueItems) is by value: member order and number spelling do not matter.</summary>
public sealed class JsonEqualityPropertyTests
{
    private static string ObjectText(IEnumerable<KeyValuePair<string, int>> members) =>
        "{" + string.Join(",", members.Select(m => JsonSerializer.Serialize(m.Key) + ":" + m.Value.ToString(CultureInfo.InvariantCulture))) + "}";

    private static bool Valid(string schema, string instance)
    {
        using var doc = JsonDocument.Parse(instance);
        return JsonSchemaValidator.Parse(schema).IsValid(doc.RootElement);
    }

    [Fact]
    public void Const_and_uniqueItems_ignore_object_member_order()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<Dictionary<string, int>>(), members =>
        {
            var forward = ObjectText(members);
            var backward = ObjectText(members.Reverse());
            return Valid("""{ "const": """ + forward + " }", backward)
                && !Valid("""{ "uniqueItems": true }""", "[" + forward + "," + backward + "]");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Const_and_uniqueItems_treat_integer_spellings_as_equal()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), n =>
        {
            var plain = n.ToString(CultureInfo.InvariantCulture);
            var tenfold = ((decimal)n * 10).ToString(CultureInfo.InvariantCulture);
            var spellings = new[] { plain + ".0", plain + ".000", tenfold + "e-1", plain + "e0" };
            return spellings.All(s =>
                Valid("""{ "const": """ + plain + " }", s)
                && Valid("""{ "type": "integer" }""", s)
                && !Valid("""{ "uniqueItems": true }""", "[" + plain + "," + s + "]"));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Enum_distinguishes_different_objects()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<Dictionary<string, int>>(), ArbMap.Default.ArbFor<int>(), (members, delta) =>
        {
            if (members.Count == 0 || delta == 0)
            {
                return true;
            }

            var changed = members.ToDictionary(m => m.Key, m => m.Value);
            var first = changed.Keys.First();
            changed[first] = unchecked(changed[first] + delta);
            return !Valid("""{ "enum": [""" + ObjectText(members) + "] }", ObjectText(changed))
                && Valid("""{ "uniqueItems": true }""", "[" + ObjectText(members) + "," + ObjectText(changed) + "]");
        }).QuickCheckThrowOnFailure();
    }
}
