using Horreum.Migrations.Registry;
using Horreum.Orm;
using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>The writes of one record's <see cref="FieldChanges"/>, encoded and compared with what is stored.</summary>
internal sealed record PreparedWrite(string Key, HashEntry[] Sets, RedisValue[] Removes, IReadOnlyList<FieldBackup> Backups)
{
    public int FieldCount => Sets.Length + Removes.Length;

    public bool IsEmpty => FieldCount == 0;

    public string Describe() =>
        string.Join("; ", new[]
        {
            Sets.Length > 0 ? $"HSET {Key} {string.Join(" ", Sets.Select(s => $"{s.Name}={Preview((string?)s.Value)}"))}" : null,
            Removes.Length > 0 ? $"HDEL {Key} {string.Join(" ", Removes.Select(r => (string?)r))}" : null,
        }.Where(s => s is not null));

    private static string Preview(string? v) => v is null ? "" : v.Length > 40 ? v[..40] + "…" : v;

    /// <summary>Queues the record's writes; a record with sets and removals changes in one MULTI.</summary>
    public Task QueueAsync(IDatabaseAsync batch, IDatabase db)
    {
        if (Sets.Length > 0 && Removes.Length > 0)
        {
            var tran = db.CreateTransaction();
            _ = tran.HashSetAsync(Key, Sets);
            _ = tran.HashDeleteAsync(Key, Removes);
            return tran.ExecuteAsync();
        }
        if (Sets.Length > 0)
        {
            return batch.HashSetAsync(Key, Sets);
        }
        return batch.HashDeleteAsync(Key, Removes);
    }
}

/// <summary>Encodes field changes with the mapper's serializer (declared type, or runtime type for unknown names).</summary>
internal static class FieldWriter
{
    public static PreparedWrite Prepare<T>(ModelRepository<T> repository, HorreumClient client, string key, FieldChanges changes, IReadOnlyDictionary<string, string?> stored)
        where T : class
    {
        var sets = new List<HashEntry>();
        var removes = new List<RedisValue>();
        var backups = new List<FieldBackup>();
        foreach (var (name, value) in changes.Sets)
        {
            var field = repository.Model.FindField(name);
            var storage = field?.StorageName ?? name;
            // Through the repository, so an encrypted field gets its envelope, never a placeholder.
            var text = repository.EncodeForWrite(field, value, key, stored)!;
            var old = stored.GetValueOrDefault(storage);
            if (old == text)
            {
                continue;
            }
            sets.Add(new HashEntry(storage, text));
            backups.Add(new FieldBackup(key, storage, old));
        }
        foreach (var name in changes.Removals)
        {
            var storage = repository.Model.FindField(name)?.StorageName ?? name;
            if (!stored.TryGetValue(storage, out var old) || old is null)
            {
                continue;
            }
            removes.Add(storage);
            backups.Add(new FieldBackup(key, storage, old));
        }
        return new PreparedWrite(key, sets.ToArray(), removes.ToArray(), backups);
    }
}
