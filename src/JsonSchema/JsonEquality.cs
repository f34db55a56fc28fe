using System.Text.Json;

namespace Horreum.JsonSchema;

/// <summary>JSON value equality as the specification defines it: numbers by value, objects regardless of member order.</summary>
internal static class JsonEquality
{
    internal static bool AreEqual(JsonElement a, JsonElement b)
    {
        var kind = a.ValueKind;
        if (kind != b.ValueKind)
        {
            return false;
        }

        switch (kind)
        {
            case JsonValueKind.Number:
                return JsonNumber.Equal(JsonNumber.Raw(a), JsonNumber.Raw(b));
            case JsonValueKind.String:
                return StringsEqual(a, b);
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    return false;
                }

                using (var ea = a.EnumerateArray())
                using (var eb = b.EnumerateArray())
                {
                    while (ea.MoveNext() && eb.MoveNext())
                    {
                        if (!AreEqual(ea.Current, eb.Current))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case JsonValueKind.Object:
                return ObjectsEqual(a, b);
            default:
                return true;
        }
    }

    private static bool StringsEqual(JsonElement a, JsonElement b)
    {
        var ra = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(a);
        var rb = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(b);
        if (ra.IndexOf((byte)'\\') < 0 && rb.IndexOf((byte)'\\') < 0)
        {
            return ra.SequenceEqual(rb);
        }

        return string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal);
    }

    private static bool ObjectsEqual(JsonElement a, JsonElement b)
    {
        var count = 0;
        foreach (var pa in a.EnumerateObject())
        {
            count++;
            if (!TryGetLast(b, pa, out var vb) || !AreEqual(pa.Value, vb))
            {
                return false;
            }
        }

        foreach (var unused in b.EnumerateObject())
        {
            count--;
        }

        return count == 0;
    }

    private static bool TryGetLast(JsonElement obj, JsonProperty wanted, out JsonElement value)
    {
        // A linear scan over raw UTF-8 names allocates nothing; the last duplicate wins, as in most parsers.
        value = default;
        var found = false;
        foreach (var p in obj.EnumerateObject())
        {
            if (NamesEqual(p, wanted))
            {
                value = p.Value;
                found = true;
            }
        }

        return found;
    }

    internal static bool NamesEqual(JsonProperty x, JsonProperty y)
    {
        var rx = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(x);
        var ry = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(y);
        if (rx.IndexOf((byte)'\\') < 0 && ry.IndexOf((byte)'\\') < 0)
        {
            return rx.SequenceEqual(ry);
        }

        return x.NameEquals(y.Name);
    }
}
