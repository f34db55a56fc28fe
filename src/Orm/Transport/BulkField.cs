namespace Horreum.Orm.Transport;

/// <summary>Where one field's name and value sit in a buffer: offsets instead of strings, so decoding allocates nothing.</summary>
internal readonly record struct BulkField(int NameStart, int NameLength, int ValueStart, int ValueLength);
