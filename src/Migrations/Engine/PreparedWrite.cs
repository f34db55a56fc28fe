using Horreum.Migrations.Registry;
using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>
/// The writes of one record: fields set, fields removed, each with the value it replaces, so the field backups are
/// encoded from here straight into the page's commands (<see cref="BackupStore.Collect"/>) with no object per backup.
/// A struct: a page keeps its records' writes in one list, not an object per record.
/// </summary>
/// <param name="Key">The record's key.</param>
/// <param name="Sets">Fields set (<see cref="FieldWrite.Value"/> never null).</param>
/// <param name="Removes">Fields removed.</param>
internal readonly record struct PreparedWrite(string Key, FieldWrite[] Sets, FieldWrite[] Removes)
{
    public int FieldCount => Sets.Length + Removes.Length;

    public bool IsEmpty => FieldCount == 0;

    /// <summary>The old values as backups: the sets' first, then the removals'.</summary>
    public IEnumerable<FieldBackup> Backups
    {
        get
        {
            var key = Key;
            return Sets.Concat(Removes).Select(f => new FieldBackup(key, f.Name, f.Old));
        }
    }

    public string Describe() =>
        string.Join("; ", new[]
        {
            Sets.Length > 0 ? $"HSET {Key} {string.Join(" ", Sets.Select(s => $"{s.Name}={Preview(s.Value)}"))}" : null,
            Removes.Length > 0 ? $"HDEL {Key} {string.Join(" ", Removes.Select(r => r.Name))}" : null,
        }.Where(s => s is not null));

    private static string Preview(string? v) => v is null ? "" : v.Length > 40 ? v[..40] + "…" : v;

    /// <summary>Queues the record's writes; a record with sets and removals changes in one MULTI.</summary>
    public Task QueueAsync(IDatabaseAsync batch, IDatabase db)
    {
        var sets = Array.ConvertAll(Sets, s => new HashEntry(s.Name, s.Value));
        var removes = Array.ConvertAll(Removes, r => (RedisValue)r.Name);
        if (sets.Length > 0 && removes.Length > 0)
        {
            var tran = db.CreateTransaction();
            _ = tran.HashSetAsync(Key, sets);
            _ = tran.HashDeleteAsync(Key, removes);
            return tran.ExecuteAsync();
        }
        if (sets.Length > 0)
        {
            return batch.HashSetAsync(Key, sets);
        }
        return batch.HashDeleteAsync(Key, removes);
    }
}
