using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace Horreum.Migrations.Registry;

/// <summary>
/// Encoding of the backup hash's entries (<see cref="RegistryKeys.Backup"/>), shared with the
/// <c>backup_and_modify_field</c> script and written by versions before the backup log (<see cref="BackupPage"/>).
/// Entry name: <c>&lt;byte length of key&gt;:&lt;key&gt;&lt;field&gt;</c>; the length prefix makes the split exact
/// whatever ':' '{' '}' the key and field contain. Entry value: <c>v</c> + old value, or <c>n</c> for a field
/// that did not exist, so an empty string and an absent field stay distinct.
/// </summary>
internal static class BackupEntryCodec
{
    private const byte Present = (byte)'v';
    private const byte Absent = (byte)'n';

    public static RedisValue EncodeName(string key, string field)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var head = Encoding.ASCII.GetBytes(keyBytes.Length.ToString(CultureInfo.InvariantCulture) + ":");
        var fieldBytes = Encoding.UTF8.GetBytes(field);
        var name = new byte[head.Length + keyBytes.Length + fieldBytes.Length];
        head.CopyTo(name, 0);
        keyBytes.CopyTo(name, head.Length);
        fieldBytes.CopyTo(name, head.Length + keyBytes.Length);
        return name;
    }

    public static RedisValue EncodeValue(string? oldValue) =>
        oldValue is null ? new[] { Absent } : [Present, .. Encoding.UTF8.GetBytes(oldValue)];

    public static FieldBackup Decode(RedisValue name, RedisValue value)
    {
        var nameBytes = (byte[]?)name ?? [];
        var colon = Array.IndexOf(nameBytes, (byte)':');
        if (colon <= 0
            || !int.TryParse(nameBytes.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var keyLength)
            || keyLength > nameBytes.Length - colon - 1)
        {
            throw new FormatException($"Backup entry name '{(string?)name}' is not <length>:<key><field>; the backup was not written by Horreum.");
        }
        var key = Encoding.UTF8.GetString(nameBytes, colon + 1, keyLength);
        var field = Encoding.UTF8.GetString(nameBytes, colon + 1 + keyLength, nameBytes.Length - colon - 1 - keyLength);
        var valueBytes = (byte[]?)value ?? [];
        return valueBytes switch
        {
            [Absent] => new FieldBackup(key, field, null),
            [Present, ..] => new FieldBackup(key, field, Encoding.UTF8.GetString(valueBytes, 1, valueBytes.Length - 1)),
            _ => throw new FormatException($"Backup value for key '{key}' field '{field}' must start with 'v' or be 'n'."),
        };
    }
}
