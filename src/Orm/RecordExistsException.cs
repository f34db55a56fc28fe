namespace Horreum.Orm;

/// <summary>A create found the record already there; nothing was written.</summary>
public sealed class RecordExistsException : HorreumException
{
    internal static RecordExistsException ForKey(string key) =>
        new($"The record '{key}' already exists; create writes only new records. Use SaveAsync to overwrite it.") { Key = key };

    internal static RecordExistsException ForIndex(string indexKey, string field, string value, string holder) =>
        new($"Another record ('{holder}') already has {field} = '{value}' in the unique index '{indexKey}'; nothing was written. "
            + "Change the value, or destroy or change that record first.") { Key = indexKey, Field = field, ExistingId = holder };

    /// <summary>Creates the exception.</summary>
    public RecordExistsException() => Key = "";

    /// <summary>Creates the exception.</summary>
    public RecordExistsException(string message) : base(message) => Key = "";

    /// <summary>Creates the exception.</summary>
    public RecordExistsException(string message, Exception innerException) : base(message, innerException) => Key = "";

    /// <summary>The existing key (the object hash, or the unique index that holds the value).</summary>
    public string Key { get; private init; }

    /// <summary>For a unique-index conflict, the indexed field; otherwise null.</summary>
    public string? Field { get; private init; }

    /// <summary>For a unique-index conflict, the raw identifier of the record that holds the value; otherwise null.</summary>
    public string? ExistingId { get; private init; }
}
