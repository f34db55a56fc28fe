namespace Horreum.Orm;

/// <summary>A create found the record already there; nothing was written.</summary>
public sealed class RecordExistsException : HorreumException
{
    internal static RecordExistsException ForKey(string key) =>
        new($"The record '{key}' already exists; create writes only new records. Use SaveAsync to overwrite it.") { Key = key };

    /// <summary>Creates the exception.</summary>
    public RecordExistsException() => Key = "";

    /// <summary>Creates the exception.</summary>
    public RecordExistsException(string message) : base(message) => Key = "";

    /// <summary>Creates the exception.</summary>
    public RecordExistsException(string message, Exception innerException) : base(message, innerException) => Key = "";

    /// <summary>The existing key.</summary>
    public string Key { get; private init; }
}
