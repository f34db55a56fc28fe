using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// Field names as strings, each decoded once: a model's hashes share a handful of names, so a reader turns the
/// bytes of a name into the same string every time instead of a new one per record.
/// </summary>
internal sealed class FieldNameTable
{
    // Past this many distinct names (not a model's hash) names are simply decoded every time.
    private const int MaxKnownNames = 64;

    private readonly List<(byte[] Utf8, string Text)> _names = [];

    /// <summary>The string of the name <paramref name="utf8"/>.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        foreach (var (known, text) in _names)
        {
            if (utf8.SequenceEqual(known))
            {
                return text;
            }
        }
        var name = Encoding.UTF8.GetString(utf8);
        if (_names.Count < MaxKnownNames)
        {
            _names.Add((utf8.ToArray(), name));
        }
        return name;
    }
}
