using System.Text;

namespace Horreum.Orm.Modeling;

/// <summary>
/// The naming rules of the storage profiles. One rule per profile applies at every depth: model prefixes, hash
/// field names, related names, and property names of objects nested inside values (dictionary keys are data and
/// stay as given).
/// </summary>
public static class Naming
{
    // Mixed-case words people write as one word; each becomes one lowercase word.
    private static readonly string[] s_mixedCaseWords = ["NaN", "IPv4", "IPv6", "OAuth", "GraphQL", "iOS", "macOS", "PhD"];

    /// <summary>
    /// The <see cref="StorageProfile.Horreum"/> rule: snake_case with acronyms kept whole, as people write them.
    /// <c>FullName</c> → <c>full_name</c>, <c>HTTPServer</c> → <c>http_server</c>, <c>UserID</c> → <c>user_id</c>,
    /// <c>DblNaN</c> → <c>dbl_nan</c>, <c>IPv4Address</c> → <c>ipv4_address</c>, <c>Item2Count</c> →
    /// <c>item2_count</c> (a word may start after a digit).
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 8);
        var i = 0;
        while (i < name.Length)
        {
            var word = MixedCaseWordAt(name, i);
            if (word is not null)
            {
                StartWord(sb);
                sb.Append(word.ToLowerInvariant());
                i += word.Length;
                continue;
            }
            var c = name[i];
            if (char.IsUpper(c))
            {
                var prev = i > 0 ? name[i - 1] : '\0';
                var afterMixedWord = i > 0 && EndsWithMixedCaseWord(name, i);
                var prevLowerOrDigit = char.IsLower(prev) || char.IsDigit(prev);
                var acronymEnd = char.IsUpper(prev) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (prevLowerOrDigit || acronymEnd || afterMixedWord)
                {
                    StartWord(sb);
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
            i++;
        }
        return sb.ToString();
    }

    /// <summary>
    /// The <see cref="StorageProfile.Familia"/> rule, as Familia names a class (<c>config_name</c>): the last part of
    /// the name, a break between an acronym and a capitalized word and between a lowercase letter and a capital, none
    /// after a digit. <c>Item2Count</c> → <c>item2count</c>, <c>HTTPServer2Config</c> → <c>http_server2config</c>,
    /// <c>V4Thing</c> → <c>v4thing</c>, <c>TagsArr</c> → <c>tags_arr</c>.
    /// </summary>
    public static string ToFamiliaSnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var last = name.LastIndexOf('.');
        if (last >= 0)
        {
            name = name[(last + 1)..];
        }
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterUpper(c) && i > 0)
            {
                var prev = name[i - 1];
                var afterLower = char.IsAsciiLetterLower(prev);
                var acronymEnd = char.IsAsciiLetterUpper(prev) && i + 1 < name.Length && char.IsAsciiLetterLower(name[i + 1]);
                if (afterLower || acronymEnd)
                {
                    sb.Append('_');
                }
            }
            sb.Append(char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : c);
        }
        return sb.ToString();
    }

    /// <summary>The name rule of <paramref name="profile"/>.</summary>
    public static string For(StorageProfile profile, string name) =>
        profile == StorageProfile.Familia ? ToFamiliaSnakeCase(name) : ToSnakeCase(name);

    private static void StartWord(StringBuilder sb)
    {
        if (sb.Length > 0 && sb[^1] != '_')
        {
            sb.Append('_');
        }
    }

    private static string? MixedCaseWordAt(string name, int index)
    {
        foreach (var word in s_mixedCaseWords)
        {
            if (string.CompareOrdinal(name, index, word, 0, word.Length) != 0
                || (char.IsLower(word[0]) && index > 0 && char.IsLower(name[index - 1])))
            {
                continue;
            }
            // The word must end where a new word starts (end, capital, digit or '_'), so "NaNo" is not "NaN"+"o".
            var end = index + word.Length;
            if (end == name.Length || !char.IsLower(name[end]))
            {
                return word;
            }
        }
        return null;
    }

    private static bool EndsWithMixedCaseWord(string name, int index)
    {
        foreach (var word in s_mixedCaseWords)
        {
            var start = index - word.Length;
            if (start >= 0 && string.CompareOrdinal(name, start, word, 0, word.Length) == 0)
            {
                return true;
            }
        }
        return false;
    }
}
