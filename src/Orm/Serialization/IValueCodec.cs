namespace Horreum.Orm.Serialization;

/// <summary>
/// The value text of one storage profile: how a field value, a collection member or a hashkey value becomes the
/// bytes stored in Redis and back. <see cref="HorreumSerializer"/> is the <see cref="Modeling.StorageProfile.Horreum"/>
/// codec, <see cref="FamiliaSerializer"/> the <see cref="Modeling.StorageProfile.Familia"/> one; get the one of a model
/// with <see cref="HorreumClient.CodecFor(Modeling.ModelMetadata)"/>.
/// </summary>
public interface IValueCodec
{
    /// <summary>The stored text of <paramref name="value"/>, or null when the field must be absent (null value).</summary>
    /// <exception cref="NotSupportedException">The value cannot be stored under this profile (the message says why).</exception>
    string? Encode(object? value, Type declaredType);

    /// <summary>Decodes stored text by its declared type; null text gives null (or the default of a value type).</summary>
    /// <param name="raw">The stored text (null when the field is absent).</param>
    /// <param name="type">The declared CLR type.</param>
    /// <param name="key">The key, for messages.</param>
    /// <param name="field">The field, for messages.</param>
    /// <param name="mode">Strict or lenient.</param>
    /// <param name="report">Receives lenient-mode reports; may be null.</param>
    /// <exception cref="FieldDecodeException">The value cannot be read as <paramref name="type"/>.</exception>
    object? Decode(string? raw, Type type, string key, string field, ReadMode mode = ReadMode.Strict, Action<ReadIssue>? report = null);

    /// <summary>Whether <paramref name="raw"/> is valid stored text for <paramref name="type"/> under this profile (null text counts as valid).</summary>
    bool IsValid(string? raw, Type type);
}
