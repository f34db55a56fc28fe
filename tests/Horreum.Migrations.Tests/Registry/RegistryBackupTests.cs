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
        Assert.Equal(4, await registry.Backups.BackupFieldsAsync(Id,
        [
            new FieldBackup(key, "x:y", "\"old\""),
            new FieldBackup(key, "empty", ""),
            new FieldBackup(key, "added:{z}", null),
            new FieldBackup(unicode, "f{1}", "日本"),
        ], Ct));
        await redis.Db.HashSetAsync(key, [new("x:y", "\"new\""), new("empty", "x"), new("added:{z}", "new field")]);
        await redis.Db.HashDeleteAsync(unicode, "f{1}");

        var result = await registry.Backups.RestoreBackupsAsync(Id, Ct);

        Assert.Equal(new BackupRestoreResult(3, 1), result);
        Assert.Equal(original, await HashAsync(key));
        Assert.Equal(originalUnicode, await HashAsync(unicode));
        Assert.False(await redis.Db.HashExistsAsync(key, "added:{z}"));
        Assert.Equal("", (string?)await redis.Db.HashGetAsync(key, "empty"));
        Assert.False(await redis.Db.KeyExistsAsync(registry.Keys.BackupLog(Id)));
    }

    [Fact]
    public async Task BackupFieldsAsync_key_field_split_cannot_collide()
    {
        // "a" + "b:c" and "a:b" + "c" join to the same "a:b:c" under a naive key:field encoding.
        var (registry, prefix) = Create();
        var backups = new[] { new FieldBackup($"{prefix}:a", "b:c", "one"), new FieldBackup($"{prefix}:a:b", "c", "two") };
        Assert.Equal(2, await registry.Backups.BackupFieldsAsync(Id, backups, Ct));
        Assert.Equal(backups.OrderBy(b => b.Key, StringComparer.Ordinal), await registry.ListBackupsAsync(Id, Ct));

        await registry.Backups.RestoreBackupsAsync(Id, Ct);
        Assert.Equal("one", (string?)await redis.Db.HashGetAsync($"{prefix}:a", "b:c"));
        Assert.Equal("two", (string?)await redis.Db.HashGetAsync($"{prefix}:a:b", "c"));
    }

    [Fact]
    public async Task BackupFieldAsync_sets_ttl_on_backup()
    {
        var (registry, prefix) = Create();
        Assert.True(await registry.Backups.BackupFieldAsync(Id, new FieldBackup($"{prefix}:k", "f", "v"), Ct));
        var ttl = await redis.Db.KeyTimeToLiveAsync(registry.Keys.BackupLog(Id));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task BackupFieldAsync_first_backup_of_a_field_wins()
    {
        var (registry, prefix) = Create();
        Assert.True(await registry.Backups.BackupFieldAsync(Id, new FieldBackup($"{prefix}:k", "f", "original"), Ct));
        Assert.True(await registry.Backups.BackupFieldAsync(Id, new FieldBackup($"{prefix}:k", "f", "intermediate"), Ct));
        Assert.Equal([new FieldBackup($"{prefix}:k", "f", "original")], await registry.ListBackupsAsync(Id, Ct));
    }

    [Fact]
    public async Task RestoreBackupsAsync_earliest_entry_wins_across_many_pages()
    {
        // What a resumed run leaves: later pages back up again records an earlier page already changed, so their
        // "old" value is the migration's new one. More pages than one read of the log holds.
        var (registry, prefix) = Create();
        var key = $"{prefix}:a:b";
        await redis.Db.HashSetAsync(key, [new("x:y", "new"), new("gone", "new")]);
        await registry.Backups.BackupFieldsAsync(Id, [new FieldBackup(key, "x:y", "original"), new FieldBackup(key, "gone", null)], Ct);
        for (var page = 0; page < 150; page++)
        {
            await registry.Backups.BackupFieldsAsync(Id,
                [new FieldBackup(key, "x:y", "new"), new FieldBackup(key, "gone", "new"), new FieldBackup($"{prefix}:other{page}", "f", $"v{page}")], Ct);
        }

        var listed = await registry.ListBackupsAsync(Id, Ct);
        Assert.Equal(152, listed.Count);
        Assert.Contains(new FieldBackup(key, "x:y", "original"), listed);
        Assert.Contains(new FieldBackup(key, "gone", null), listed);
        Assert.Contains(new FieldBackup($"{prefix}:other149", "f", "v149"), listed);

        Assert.Equal(new BackupRestoreResult(151, 1), await registry.Backups.RestoreBackupsAsync(Id, Ct));
        Assert.Equal(new Dictionary<string, string?> { ["x:y"] = "original" }, await HashAsync(key));
    }

    [Fact]
    public async Task RestoreBackupsAsync_restores_the_hash_older_versions_wrote_before_the_log()
    {
        // An older version kept backups in a hash (first value wins by HSETNX); a run resumed after upgrading
        // appends to the log. The hash holds the earlier values, so they win.
        var (registry, prefix) = Create();
        var key = $"{prefix}:x:{{y}}";
        await redis.Db.HashSetAsync(registry.Keys.Backup(Id),
        [
            new(BackupEntryCodec.EncodeName(key, "a:b"), BackupEntryCodec.EncodeValue("before")),
            new(BackupEntryCodec.EncodeName(key, "added"), BackupEntryCodec.EncodeValue(null)),
        ]);
        await registry.Backups.BackupFieldsAsync(Id, [new FieldBackup(key, "a:b", "after"), new FieldBackup(key, "c", "log only")], Ct);
        await redis.Db.HashSetAsync(key, [new("a:b", "after"), new("added", "x"), new("c", "changed")]);

        Assert.Equal(
            [new FieldBackup(key, "a:b", "before"), new FieldBackup(key, "added", null), new FieldBackup(key, "c", "log only")],
            await registry.ListBackupsAsync(Id, Ct));
        Assert.Equal(new BackupRestoreResult(2, 1), await registry.Backups.RestoreBackupsAsync(Id, Ct));
        Assert.Equal(new Dictionary<string, string?> { ["a:b"] = "before", ["c"] = "log only" }, await HashAsync(key));
        Assert.False(await redis.Db.KeyExistsAsync(registry.Keys.Backup(Id)));
        Assert.False(await redis.Db.KeyExistsAsync(registry.Keys.BackupLog(Id)));
    }

    [Fact]
    public async Task ListBackupsAsync_log_entry_not_written_by_Horreum_is_a_format_error_naming_the_log()
    {
        var (registry, _) = Create();
        await redis.Db.ListRightPushAsync(registry.Keys.BackupLog(Id), "not a page");
        var ex = await Assert.ThrowsAsync<FormatException>(() => registry.ListBackupsAsync(Id, Ct));
        Assert.Contains(registry.Keys.BackupLog(Id), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupFieldsAsync_backups_are_per_migration()
    {
        var (registry, prefix) = Create();
        await registry.Backups.BackupFieldAsync(Id, new FieldBackup($"{prefix}:k", "f", "1"), Ct);
        await registry.Backups.BackupFieldAsync("20250101_000001_other", new FieldBackup($"{prefix}:k", "f", "2"), Ct);
        Assert.Equal("1", (await registry.ListBackupsAsync(Id, Ct)).Single().OldValue);
        Assert.True(await registry.Backups.DeleteBackupsAsync(Id, Ct));
        Assert.Empty(await registry.ListBackupsAsync(Id, Ct));
        Assert.Single(await registry.ListBackupsAsync("20250101_000001_other", Ct));
    }

    [Fact]
    public async Task BackupFieldsAsync_empty_writes_nothing()
    {
        var (registry, _) = Create();
        Assert.Equal(0, await registry.Backups.BackupFieldsAsync(Id, [], Ct));
        Assert.False(await redis.Db.KeyExistsAsync(registry.Keys.BackupLog(Id)));
        Assert.Equal(new BackupRestoreResult(0, 0), await registry.Backups.RestoreBackupsAsync(Id, Ct));
    }

    [Fact]
    public async Task RestoreBackupsAsync_failure_keeps_backup_for_retry()
    {
        var (registry, prefix) = Create();
        var good = $"{prefix}:good";
        var bad = $"{prefix}:bad";
        await registry.Backups.BackupFieldsAsync(Id, [new FieldBackup(good, "f", "old"), new FieldBackup(bad, "f", "old")], Ct);
        await redis.Db.StringSetAsync(bad, "now a string");

        var ex = await Assert.ThrowsAsync<HorreumMigrationException>(() => registry.Backups.RestoreBackupsAsync(Id, Ct));
        Assert.Contains(bad, ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await registry.ListBackupsAsync(Id, Ct)).Count);

        await redis.Db.KeyDeleteAsync(bad);
        Assert.Equal(new BackupRestoreResult(2, 0), await registry.Backups.RestoreBackupsAsync(Id, Ct));
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

        Assert.Equal(new BackupRestoreResult(1, 1), await registry.Backups.RestoreBackupsAsync(Id, Ct));
        Assert.Equal(new Dictionary<string, string?> { ["x:y"] = "before" }, await HashAsync(key));
    }
}
