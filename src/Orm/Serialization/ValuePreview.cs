namespace Horreum.Orm.Serialization;

/// <summary>Short, printable previews of stored values for error messages.</summary>
internal static class ValuePreview
{
    /// <summary>The first <paramref name="max"/> characters of <paramref name="raw"/>, quoted, with the length when cut.</summary>
    public static string Of(string? raw, int max = 80)
    {
        if (raw is null)
        {
            return "(absent)";
        }
        var cut = raw.Length > max;
        var text = cut ? raw[..max] : raw;
        text = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return cut ? $"'{text}…' ({raw.Length} chars)" : $"'{text}'";
    }
}
