namespace Horreum.Migrations;

/// <summary>
/// The field changes a <see cref="PipelineMigration{T}"/> makes to one record. Names are CLR property names or
/// storage names; values are encoded by the mapper's serializer with the property's declared type (the runtime
/// type for names the model no longer has). A null value removes the field.
/// </summary>
public sealed class FieldChanges
{
    private readonly Dictionary<string, object?> _set = new(StringComparer.Ordinal);
    private readonly HashSet<string> _remove = new(StringComparer.Ordinal);

    /// <summary>No change.</summary>
    public static FieldChanges None => new();

    /// <summary>Whether there is nothing to change.</summary>
    public bool IsEmpty => _set.Count == 0 && _remove.Count == 0;

    /// <summary>Fields to set (name → value).</summary>
    public IReadOnlyDictionary<string, object?> Sets => _set;

    /// <summary>Fields to remove.</summary>
    public IReadOnlyCollection<string> Removals => _remove;

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> (null removes it).</summary>
    public FieldChanges Set(string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value is null)
        {
            return Remove(name);
        }
        _remove.Remove(name);
        _set[name] = value;
        return this;
    }

    /// <summary>Removes the field <paramref name="name"/>.</summary>
    public FieldChanges Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _set.Remove(name);
        _remove.Add(name);
        return this;
    }
}
