using Horreum.Migrations.Lua;
using Horreum.Migrations.Registry;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Registry;

public sealed class RegistryBackupTests(RedisFixture redis)
{
    private const string Id = "20250101_000000_change_fields";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private (RedisMigrationRegistry Registry, string Prefix) Create()
    {
        var prefix = RedisFixture.Prefix();
        return (new RedisMigrationRegistry(redis.Db, new MigrationRegistryOptions { Prefix = prefix, BackupTtl = TimeSpan.FromHours(2) }), prefix);
    }

    private async Task<Dictionary<string, string?>> HashAsync(string key) =>
        (await redis.Db.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string?)e.Value);

    [Fact]
    public async Task RestoreBackupsAsync_awkward_keys_and_fields_restore_exactly()
    {
        var (registry, prefix) = Create();
        var key = $"{prefix}:a:b{{c}}:object";
        var unicode = $"{prefix}:ключ:é{{}}:object";
        await redis.Db.HashSetAsync(key, [new("x:y", "\"old\""), new("empty", ""), new("untouched", "1")]);
        await redis.Db.HashSetAsync(unicode, "f{1}", "日本");
        var original = await HashAsync(key);
        var originalUnicode = await HashAsync(unicode);

        // What a migration does: back up, then change (set, add a field that did not exist, delete one).
        Assert.Equal(4, await registry.BackupFieldsAsync(Id,
        [
            new FieldBackup(key, "x:y", "\"old\""),
            new FieldBackup(key, "empty", ""),
            new FieldBackup(key, "added:{z}", null),
            new FieldBackup(unicode, "f{1}", "日本"),
        ], Ct));
        await redis.Db.HashSetAsync(key, [new("x:y", "\"new\""), new("empty", "x"), new("added:{z}", "new field")]);
        await redis.Db.HashDeleteAsync(unicode, "f{1}");

        var result = await registry.RestoreBackupsAsync(Id, Ct);

        Assert.Equal(new BackupRestoreResult(3, 1), result);
        Assert.Equal(original, await HashAsync(key));
        Assert.Equal(originalUnicode, await HashAsync(unicode));
        Assert.False(await redis.Db.HashExistsAsync(key, "added:{z}"));
        Assert.Equal("", (string?)await redis.Db.HashGetAsync(key, "empty"));
        Assert.False(await redis.Db.KeyExistsAsync(registry.Keys.Backup(Id)));
    }

    [Fact]
    public async Task BackupFieldsAsync_key_field_split_cannot_collide()
    {
        // "a" + "b:c" and "a:b" + "c" join to the same "a:b:c" under a naive key:field encoding.
        var (registry, prefix) = Create();
        var backups = new[] { new FieldBackup($"{prefix}:a", "b:c", "one"), new FieldBackup($"{prefix}:a:b", "c", "two") };
        Assert.Equal(2, await registry.BackupFieldsAsync(Id, backups, Ct));
        Assert.Equal(backups.OrderBy(b => b.Key, StringComparer.Ordinal), await registry.ListBackupsAsync(Id, Ct));

        await registry.RestoreBackupsAsync(Id, Ct);
        Assert.Equal("one", (string?)await redis.Db.HashGetAsync($"{prefix}:a", "b:c"));
        Assert.Equal("two", (string?)await redis.Db.HashGetAsync($"{prefix}:a:b", "c"));
    }

    [Fact]
    public async Task BackupFieldAsync_sets_ttl_on_backup()
    {
        var (registry, prefix) = Create();
        Assert.True(await registry.BackupFieldAsync(Id, new FieldBackup($"{prefix}:k", "f", "v"), Ct));
        var ttl = await redis.Db.KeyTimeToLiveAsync(registry.Keys.Backup(Id));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task BackupFieldAsync_first_backup_of_a_field_wins()
    {
        var (registry, prefix) = Create();
        Assert.True(await registry.BackupFieldAsync(Id, new FieldBackup($"{prefix}:k", "f", "original"), Ct));
        Assert.False(await registry.BackupFieldAsync(Id, new FieldBackup($"{prefix}:k", "f", "intermediate"), Ct));
        Assert.Equal([new FieldBackup($"{prefix}:k", "f", "original")], await registry.ListBackupsAsync(Id, Ct));
    }

    [Fact]
    public async Task BackupFieldsAsync_backups_are_per_migration()
    {
        var (registry, prefix) = Create();
        await registry.BackupFieldAsync(Id, new FieldBackup($"{prefix}:k", "f", "1"), Ct);
        await registry.BackupFieldAsync("20250101_000001_other", new FieldBackup($"{prefix}:k", "f", "2"), Ct);
        Assert.Equal("1", (await registry.ListBackupsAsync(Id, Ct)).Single().OldValue);
        Assert.True(await registry.DeleteBackupsAsync(Id, Ct));
        Assert.Empty(await registry.ListBackupsAsync(Id, Ct));
        Assert.Single(await registry.ListBackupsAsync("20250101_000001_other", Ct));
    }

    [Fact]
    public async Task BackupFieldsAsync_empty_writes_nothing()
    {
        var (registry, _) = Create();
        Assert.Equal(0, await registry.BackupFieldsAsync(Id, [], Ct));
        Assert.False(await redis.Db.KeyExistsAsync(registry.Keys.Backup(Id)));
        Assert.Equal(new BackupRestoreResult(0, 0), await registry.RestoreBackupsAsync(Id, Ct));
    }

    [Fact]
    public async Task RestoreBackupsAsync_failure_keeps_backup_for_retry()
    {
        var (registry, prefix) = Create();
        var good = $"{prefix}:good";
        var bad = $"{prefix}:bad";
        await registry.BackupFieldsAsync(Id, [new FieldBackup(good, "f", "old"), new FieldBackup(bad, "f", "old")], Ct);
        await redis.Db.StringSetAsync(bad, "now a string");

        var ex = await Assert.ThrowsAsync<HorreumMigrationException>(() => registry.RestoreBackupsAsync(Id, Ct));
        Assert.Contains(bad, ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await registry.ListBackupsAsync(Id, Ct)).Count);

        await redis.Db.KeyDeleteAsync(bad);
        Assert.Equal(new BackupRestoreResult(2, 0), await registry.RestoreBackupsAsync(Id, Ct));
        Assert.Equal("old", (string?)await redis.Db.HashGetAsync(bad, "f"));
    }

    [Fact]
    public async Task RestoreBackupsAsync_restores_what_backup_and_modify_field_saved()
    {
        // The Lua built-in and the registry share one entry encoding, so a single-node migration can back up
        // and change a field atomically and still roll back through the registry.
        var (registry, _) = Create();
        var lua = new LuaCatalog();
        // Same hash tag as the backup: the script touches both keys, so on Cluster they must share a slot.
        var key = "{" + registry.Keys.Prefix + "}:a:b{c}:object";
        await redis.Db.HashSetAsync(key, "x:y", "before");

        await lua.BackupAndModifyFieldAsync(redis.Db, key, "x:y", "after", registry.Keys.Backup(Id), TimeSpan.FromHours(1), Ct);
        await lua.BackupAndModifyFieldAsync(redis.Db, key, "new", "added", registry.Keys.Backup(Id), TimeSpan.FromHours(1), Ct);
        Assert.Equal(
            [new FieldBackup(key, "new", null), new FieldBackup(key, "x:y", "before")],
            await registry.ListBackupsAsync(Id, Ct));

        Assert.Equal(new BackupRestoreResult(1, 1), await registry.RestoreBackupsAsync(Id, Ct));
        Assert.Equal(new Dictionary<string, string?> { ["x:y"] = "before" }, await HashAsync(key));
    }
}
