using System.Globalization;
using StackExchange.Redis;

namespace Horreum.Migrations.Lua;

// Typed wrappers over the built-in scripts: argument order and reply decoding live here once.
public sealed partial class LuaCatalog
{
    /// <summary>Renames a hash field, atomically (<c>rename_field</c>).</summary>
    /// <param name="database">Where to run it.</param>
    /// <param name="key">The hash.</param>
    /// <param name="from">The field to rename.</param>
    /// <param name="to">The new field name.</param>
    /// <param name="cancellationToken">Checked before sending.</param>
    /// <returns>True when renamed; false when the key or the source field does not exist.</returns>
    /// <exception cref="MigrationPreconditionFailedException">The target field exists (nothing changed), or the key is not a hash.</exception>
    public async Task<bool> RenameFieldAsync(IDatabaseAsync database, RedisKey key, RedisValue from, RedisValue to, CancellationToken cancellationToken = default) =>
        (long)await EvaluateAsync(database, RenameField, [key], [from, to], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Copies a hash field, within one hash or into another (<c>copy_field</c>).</summary>
    /// <param name="database">Where to run it.</param>
    /// <param name="source">The hash to read.</param>
    /// <param name="from">The field to read.</param>
    /// <param name="destination">The hash to write (may be <paramref name="source"/>; on Cluster it must share its slot).</param>
    /// <param name="to">The field to write.</param>
    /// <param name="overwrite">Replace an existing target field instead of failing.</param>
    /// <param name="cancellationToken">Checked before sending.</param>
    /// <returns>True when copied; false when the source field does not exist.</returns>
    /// <exception cref="MigrationPreconditionFailedException">The target exists and <paramref name="overwrite"/> is false, or a key is not a hash.</exception>
    public async Task<bool> CopyFieldAsync(IDatabaseAsync database, RedisKey source, RedisValue from, RedisKey destination, RedisValue to, bool overwrite = false, CancellationToken cancellationToken = default) =>
        (long)await EvaluateAsync(database, CopyField, [source, destination], [from, to, overwrite ? "overwrite" : "fail"], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Deletes hash fields (<c>delete_field</c>).</summary>
    /// <param name="database">Where to run it.</param>
    /// <param name="key">The hash.</param>
    /// <param name="fields">The fields; at least one.</param>
    /// <param name="cancellationToken">Checked before sending.</param>
    /// <returns>How many of the fields existed and were deleted.</returns>
    /// <exception cref="MigrationPreconditionFailedException">The key is not a hash.</exception>
    public async Task<long> DeleteFieldsAsync(IDatabaseAsync database, RedisKey key, IEnumerable<RedisValue> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var args = fields.ToArray();
        if (args.Length == 0)
        {
            throw new ArgumentException("Name at least one field to delete.", nameof(fields));
        }
        return (long)await EvaluateAsync(database, DeleteField, [key], args, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renames a key, keeping its remaining TTL (<c>rename_key_preserve_ttl</c>).</summary>
    /// <param name="database">Where to run it.</param>
    /// <param name="source">The key to rename.</param>
    /// <param name="destination">The new name (on Cluster it must share the source's slot).</param>
    /// <param name="cancellationToken">Checked before sending.</param>
    /// <returns>True when renamed; false when the source does not exist.</returns>
    /// <exception cref="MigrationPreconditionFailedException">The destination exists (nothing changed).</exception>
    public async Task<bool> RenameKeyPreserveTtlAsync(IDatabaseAsync database, RedisKey source, RedisKey destination, CancellationToken cancellationToken = default) =>
        (long)await EvaluateAsync(database, RenameKeyPreserveTtl, [source, destination], [], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>
    /// Saves a hash field's current value (or its absence) in <paramref name="backupKey"/>, then sets the new value,
    /// atomically (<c>backup_and_modify_field</c>). The first backup of a field wins, so repeated changes in one
    /// migration still restore the value from before it. Backups use the registry's entry encoding, so
    /// a rollback of the migration restores them when <paramref name="backupKey"/> is the registry's backup key.
    /// </summary>
    /// <param name="database">Where to run it.</param>
    /// <param name="key">The hash to change.</param>
    /// <param name="field">The field to change.</param>
    /// <param name="newValue">The value to set.</param>
    /// <param name="backupKey">The backup hash (on Cluster it must share the slot of <paramref name="key"/>).</param>
    /// <param name="backupTtl">Expiry set on the backup hash; null leaves its TTL as it is.</param>
    /// <param name="cancellationToken">Checked before sending.</param>
    /// <returns>The old value; <see cref="RedisValue.Null"/> when the field did not exist.</returns>
    /// <exception cref="MigrationPreconditionFailedException">A key is not a hash.</exception>
    public async Task<RedisValue> BackupAndModifyFieldAsync(IDatabaseAsync database, RedisKey key, RedisValue field, RedisValue newValue, RedisKey backupKey, TimeSpan? backupTtl = null, CancellationToken cancellationToken = default)
    {
        if (backupTtl is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(backupTtl), ttl, "The backup TTL must be positive, or null to leave the TTL alone.");
        }
        var ms = backupTtl is { } t ? Math.Max(1, (long)Math.Ceiling(t.TotalMilliseconds)) : 0;
        var result = await EvaluateAsync(database, BackupAndModifyField, [key, backupKey],
            [field, newValue, ms.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
        return result.IsNull ? RedisValue.Null : (RedisValue)result;
    }
}
