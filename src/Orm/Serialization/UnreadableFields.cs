using System.Runtime.CompilerServices;

namespace Horreum.Orm.Serialization;

/// <summary>
/// Fields a lenient read could not decode, per record instance: each was left at its default, and a save (whole or
/// partial) leaves the stored value alone until the caller puts a value of their own there.
/// </summary>
internal static class UnreadableFields
{
    private static readonly ConditionalWeakTable<object, Dictionary<string, object?>> s_marks = new();

    /// <summary>Forgets the marks of <paramref name="record"/> (before it is filled from Redis again).</summary>
    public static void Clear(object record) => s_marks.Remove(record);

    /// <summary>Marks <paramref name="field"/> of <paramref name="record"/> unreadable; <paramref name="placeholder"/> is the default it holds.</summary>
    public static void Mark(object record, string field, object? placeholder)
    {
        var marks = s_marks.GetOrCreateValue(record);
        lock (marks)
        {
            marks[field] = placeholder;
        }
    }

    /// <summary>
    /// Whether a save must skip <paramref name="field"/>: it was unreadable and still holds the default put there. A
    /// field the caller has set since is theirs to save, and its mark is dropped.
    /// </summary>
    public static bool KeepStored(object record, string field, object? current)
    {
        if (!s_marks.TryGetValue(record, out var marks))
        {
            return false;
        }
        lock (marks)
        {
            if (!marks.TryGetValue(field, out var placeholder))
            {
                return false;
            }
            if (Equals(placeholder, current))
            {
                return true;
            }
            marks.Remove(field);
            return false;
        }
    }
}
