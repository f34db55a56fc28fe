using Horreum.Migrations.Lua;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Lua;

public sealed class LuaCatalogTests(RedisFixture redis)
{
    private readonly LuaCatalog _lua = new();
    private IDatabase Db => redis.Db;

    // Keys with ':', '{' and '}' on purpose: scripts must treat them as opaque bytes.
    private static string Key(string prefix, string name = "obj") => $"{prefix}:a:b{{c}}:{name}:object";

    [Fact]
    public void Catalog_new_holds_every_builtin()
    {
        Assert.Equal(
            ["backup_and_modify_field", "copy_field", "delete_field", "rename_field", "rename_key_preserve_ttl"],
            _lua.Names);
        Assert.Matches("^[0-9a-f]{40}$", _lua.Get(LuaCatalog.RenameField).Sha1);
    }

    // rename_field

    [Fact]
    public async Task RenameField_source_present_moves_value_exactly()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.HashSetAsync(key, [new("old:name", "\"x:{y}\""), new("other", "1")]);
        await Db.KeyExpireAsync(key, TimeSpan.FromHours(1));

        Assert.True(await _lua.RenameFieldAsync(Db, key, "old:name", "new_name", TestContext.Current.CancellationToken));

        Assert.False(await Db.HashExistsAsync(key, "old:name"));
        Assert.Equal("\"x:{y}\"", (string?)await Db.HashGetAsync(key, "new_name"));
        Assert.Equal("1", (string?)await Db.HashGetAsync(key, "other"));
        Assert.NotNull(await Db.KeyTimeToLiveAsync(key));
    }

    [Fact]
    public async Task RenameField_source_missing_returns_false_and_changes_nothing()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.HashSetAsync(key, "new_name", "kept");
        Assert.False(await _lua.RenameFieldAsync(Db, key, "old", "new_name", TestContext.Current.CancellationToken));
        Assert.Equal("kept", (string?)await Db.HashGetAsync(key, "new_name"));
        Assert.False(await _lua.RenameFieldAsync(Db, Key(RedisFixture.Prefix(), "absent"), "old", "new", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RenameField_target_exists_throws_precondition_and_changes_nothing()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.HashSetAsync(key, [new("old", "1"), new("new", "2")]);
        var ex = await Assert.ThrowsAsync<MigrationPreconditionFailedException>(
            () => _lua.RenameFieldAsync(Db, key, "old", "new", TestContext.Current.CancellationToken));
        Assert.Contains("HORREUM_TARGET_EXISTS", ex.Message, StringComparison.Ordinal);
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Equal("1", (string?)await Db.HashGetAsync(key, "old"));
        Assert.Equal("2", (string?)await Db.HashGetAsync(key, "new"));
    }

    [Fact]
    public async Task RenameField_key_not_a_hash_throws_precondition()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.StringSetAsync(key, "plain");
        var ex = await Assert.ThrowsAsync<MigrationPreconditionFailedException>(
            () => _lua.RenameFieldAsync(Db, key, "a", "b", TestContext.Current.CancellationToken));
        Assert.Contains("HORREUM_WRONGTYPE", ex.Message, StringComparison.Ordinal);
        Assert.Equal("plain", (string?)await Db.StringGetAsync(key));
    }

    // copy_field

    [Fact]
    public async Task CopyField_same_hash_keeps_source()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.HashSetAsync(key, "a", "[1,2]");
        Assert.True(await _lua.CopyFieldAsync(Db, key, "a", key, "b", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("[1,2]", (string?)await Db.HashGetAsync(key, "a"));
        Assert.Equal("[1,2]", (string?)await Db.HashGetAsync(key, "b"));
    }

    [Fact]
    public async Task CopyField_other_hash_same_slot_creates_it()
    {
        var p = RedisFixture.Prefix();
        var source = $"{{{p}}}:src";
        var target = $"{{{p}}}:dst";
        await Db.HashSetAsync(source, "a", "");
        Assert.True(await _lua.CopyFieldAsync(Db, source, "a", target, "a", cancellationToken: TestContext.Current.CancellationToken));
        var copied = await Db.HashGetAsync(target, "a");
        Assert.False(copied.IsNull);
        Assert.Equal("", (string?)copied);
    }

    [Fact]
    public async Task CopyField_source_missing_returns_false()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.HashSetAsync(key, "x", "1");
        Assert.False(await _lua.CopyFieldAsync(Db, key, "nope", key, "b", cancellationToken: TestContext.Current.CancellationToken));
        Assert.False(await Db.HashExistsAsync(key, "b"));
    }

    [Fact]
    public async Task CopyField_target_exists_throws_unless_overwrite()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.HashSetAsync(key, [new("a", "new"), new("b", "old")]);
        await Assert.ThrowsAsync<MigrationPreconditionFailedException>(
            () => _lua.CopyFieldAsync(Db, key, "a", key, "b", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("old", (string?)await Db.HashGetAsync(key, "b"));

        Assert.True(await _lua.CopyFieldAsync(Db, key, "a", key, "b", overwrite: true, TestContext.Current.CancellationToken));
        Assert.Equal("new", (string?)await Db.HashGetAsync(key, "b"));
    }

    [Fact]
    public async Task CopyField_unknown_mode_throws_precondition()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.HashSetAsync(key, "a", "1");
        var ex = await Assert.ThrowsAsync<MigrationPreconditionFailedException>(
            () => _lua.EvaluateAsync(Db, LuaCatalog.CopyField, [key], ["a", "b", "merge"], TestContext.Current.CancellationToken));
        Assert.Contains("HORREUM_BADARG", ex.Message, StringComparison.Ordinal);
    }

    // delete_field

    [Fact]
    public async Task DeleteFields_counts_only_existing_fields()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.HashSetAsync(key, [new("a", "1"), new("b:c", "2"), new("keep", "3")]);
        Assert.Equal(2, await _lua.DeleteFieldsAsync(Db, key, ["a", "b:c", "missing"], TestContext.Current.CancellationToken));
        Assert.Equal(["keep"], (await Db.HashKeysAsync(key)).Select(v => (string?)v));
    }

    [Fact]
    public async Task DeleteFields_thousands_of_fields_all_deleted()
    {
        var key = Key(RedisFixture.Prefix());
        var fields = Enumerable.Range(0, 2500).Select(i => (RedisValue)$"f{i}").ToArray();
        await Db.HashSetAsync(key, fields.Select(f => new HashEntry(f, "1")).ToArray());
        Assert.Equal(2500, await _lua.DeleteFieldsAsync(Db, key, fields, TestContext.Current.CancellationToken));
        Assert.False(await Db.KeyExistsAsync(key));
    }

    [Fact]
    public async Task DeleteFields_missing_key_returns_zero()
    {
        Assert.Equal(0, await _lua.DeleteFieldsAsync(Db, Key(RedisFixture.Prefix()), ["a"], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DeleteFields_no_fields_rejected_by_wrapper_and_script()
    {
        var key = Key(RedisFixture.Prefix());
        await Assert.ThrowsAsync<ArgumentException>(() => _lua.DeleteFieldsAsync(Db, key, [], TestContext.Current.CancellationToken));
        var ex = await Assert.ThrowsAsync<MigrationPreconditionFailedException>(
            () => _lua.EvaluateAsync(Db, LuaCatalog.DeleteField, [key], [], TestContext.Current.CancellationToken));
        Assert.Contains("HORREUM_BADARG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteFields_key_not_a_hash_throws_precondition()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.ListRightPushAsync(key, "x");
        await Assert.ThrowsAsync<MigrationPreconditionFailedException>(() => _lua.DeleteFieldsAsync(Db, key, ["x"], TestContext.Current.CancellationToken));
    }

    // rename_key_preserve_ttl

    [Fact]
    public async Task RenameKeyPreserveTtl_keeps_remaining_ttl()
    {
        var p = RedisFixture.Prefix();
        var source = $"{{{p}}}:old:object";
        var target = $"{{{p}}}:new:object";
        await Db.HashSetAsync(source, "f", "1");
        await Db.KeyExpireAsync(source, TimeSpan.FromSeconds(500));

        Assert.True(await _lua.RenameKeyPreserveTtlAsync(Db, source, target, TestContext.Current.CancellationToken));

        Assert.False(await Db.KeyExistsAsync(source));
        Assert.Equal("1", (string?)await Db.HashGetAsync(target, "f"));
        var pttl = (long)await Db.ExecuteAsync("PTTL", (RedisKey)target);
        Assert.InRange(pttl, 1, 500_000);
    }

    [Fact]
    public async Task RenameKeyPreserveTtl_persistent_key_stays_persistent()
    {
        var p = RedisFixture.Prefix();
        await Db.StringSetAsync($"{{{p}}}:a", "v");
        Assert.True(await _lua.RenameKeyPreserveTtlAsync(Db, $"{{{p}}}:a", $"{{{p}}}:b", TestContext.Current.CancellationToken));
        Assert.Equal(-1, (long)await Db.ExecuteAsync("PTTL", (RedisKey)$"{{{p}}}:b"));
    }

    [Fact]
    public async Task RenameKeyPreserveTtl_source_missing_returns_false()
    {
        var p = RedisFixture.Prefix();
        Assert.False(await _lua.RenameKeyPreserveTtlAsync(Db, $"{{{p}}}:a", $"{{{p}}}:b", TestContext.Current.CancellationToken));
        Assert.False(await Db.KeyExistsAsync($"{{{p}}}:b"));
    }

    [Fact]
    public async Task RenameKeyPreserveTtl_destination_exists_throws_and_changes_nothing()
    {
        var p = RedisFixture.Prefix();
        await Db.StringSetAsync($"{{{p}}}:a", "source");
        await Db.StringSetAsync($"{{{p}}}:b", "target");
        var ex = await Assert.ThrowsAsync<MigrationPreconditionFailedException>(
            () => _lua.RenameKeyPreserveTtlAsync(Db, $"{{{p}}}:a", $"{{{p}}}:b", TestContext.Current.CancellationToken));
        Assert.Contains("HORREUM_TARGET_EXISTS", ex.Message, StringComparison.Ordinal);
        Assert.Equal("source", (string?)await Db.StringGetAsync($"{{{p}}}:a"));
        Assert.Equal("target", (string?)await Db.StringGetAsync($"{{{p}}}:b"));
    }

    // backup_and_modify_field

    [Fact]
    public async Task BackupAndModifyField_existing_field_returns_old_value_and_backs_it_up_with_ttl()
    {
        var p = RedisFixture.Prefix();
        var key = $"{{{p}}}:a:b{{c}}:object";
        var backup = $"{{{p}}}:backup";
        await Db.HashSetAsync(key, "x:y", "old");

        var old = await _lua.BackupAndModifyFieldAsync(Db, key, "x:y", "new", backup, TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken);

        Assert.Equal("old", (string?)old);
        Assert.Equal("new", (string?)await Db.HashGetAsync(key, "x:y"));
        var entries = await Db.HashGetAllAsync(backup);
        var entry = Assert.Single(entries);
        Assert.Equal($"{System.Text.Encoding.UTF8.GetByteCount(key)}:{key}x:y", (string?)entry.Name);
        Assert.Equal("vold", (string?)entry.Value);
        var ttl = await Db.KeyTimeToLiveAsync(backup);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task BackupAndModifyField_absent_field_returns_null_and_records_absence()
    {
        var p = RedisFixture.Prefix();
        var key = $"{{{p}}}:obj";
        var backup = $"{{{p}}}:backup";
        await Db.HashSetAsync(key, "other", "1");
        await Db.HashSetAsync(key, "empty", "");

        var absent = await _lua.BackupAndModifyFieldAsync(Db, key, "f", "v", backup, cancellationToken: TestContext.Current.CancellationToken);
        var empty = await _lua.BackupAndModifyFieldAsync(Db, key, "empty", "v", backup, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(absent.IsNull);
        Assert.False(empty.IsNull);
        Assert.Equal("", (string?)empty);
        var byName = (await Db.HashGetAllAsync(backup)).ToDictionary(e => (string)e.Name!, e => (string?)e.Value);
        Assert.Equal("n", byName[$"{key.Length}:{key}f"]);
        Assert.Equal("v", byName[$"{key.Length}:{key}empty"]);
        Assert.Null(await Db.KeyTimeToLiveAsync(backup));
    }

    [Fact]
    public async Task BackupAndModifyField_second_change_keeps_first_backup()
    {
        var p = RedisFixture.Prefix();
        var key = $"{{{p}}}:obj";
        var backup = $"{{{p}}}:backup";
        await Db.HashSetAsync(key, "f", "original");
        await _lua.BackupAndModifyFieldAsync(Db, key, "f", "second", backup, cancellationToken: TestContext.Current.CancellationToken);
        var old = await _lua.BackupAndModifyFieldAsync(Db, key, "f", "third", backup, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("second", (string?)old);
        Assert.Equal("voriginal", (string?)(await Db.HashGetAllAsync(backup)).Single().Value);
    }

    [Fact]
    public async Task BackupAndModifyField_bad_ttl_or_wrong_type_throws_and_changes_nothing()
    {
        var p = RedisFixture.Prefix();
        var key = $"{{{p}}}:obj";
        var backup = $"{{{p}}}:backup";
        await Db.HashSetAsync(key, "f", "1");
        var ex = await Assert.ThrowsAsync<MigrationPreconditionFailedException>(
            () => _lua.EvaluateAsync(Db, LuaCatalog.BackupAndModifyField, [key, backup], ["f", "2", "soon"], TestContext.Current.CancellationToken));
        Assert.Contains("HORREUM_BADARG", ex.Message, StringComparison.Ordinal);

        await Db.StringSetAsync(backup, "not a hash");
        await Assert.ThrowsAsync<MigrationPreconditionFailedException>(
            () => _lua.BackupAndModifyFieldAsync(Db, key, "f", "2", backup, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("1", (string?)await Db.HashGetAsync(key, "f"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _lua.BackupAndModifyFieldAsync(Db, key, "f", "2", backup, TimeSpan.Zero, TestContext.Current.CancellationToken));
    }

    // execution, custom scripts

    [Fact]
    public async Task EvaluateAsync_after_script_flush_falls_back_to_eval_once()
    {
        var key = Key(RedisFixture.Prefix());
        await Db.HashSetAsync(key, "a", "1");
        await _lua.DeleteFieldsAsync(Db, key, ["zzz"], TestContext.Current.CancellationToken);
        var sha = _lua.Get(LuaCatalog.DeleteField).Sha1;

        await Db.ExecuteAsync("SCRIPT", "FLUSH");
        Assert.Equal(0, (long)((RedisResult[])(await Db.ExecuteAsync("SCRIPT", "EXISTS", sha))!)[0]);
        var before = _lua.NoScriptFallbacks;

        Assert.Equal(1, await _lua.DeleteFieldsAsync(Db, key, ["a"], TestContext.Current.CancellationToken));
        Assert.Equal(before + 1, _lua.NoScriptFallbacks);
        Assert.Equal(1, (long)((RedisResult[])(await Db.ExecuteAsync("SCRIPT", "EXISTS", sha))!)[0]);

        // Cached again by the EVAL: the next call is an EVALSHA that succeeds.
        await _lua.DeleteFieldsAsync(Db, key, ["a"], TestContext.Current.CancellationToken);
        Assert.Equal(before + 1, _lua.NoScriptFallbacks);
    }

    [Fact]
    public async Task Register_custom_script_runs_with_keys_and_args()
    {
        var name = "incr_by_" + Guid.NewGuid().ToString("N")[..8];
        // Unique source per test run, so the server has never cached it and the first call must fall back.
        var script = _lua.Register(name, $"-- {name}\nreturn redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])");
        var key = Key(RedisFixture.Prefix());

        var first = await _lua.EvaluateAsync(Db, name, [key], ["n", 5], TestContext.Current.CancellationToken);
        var second = await _lua.EvaluateAsync(Db, name, [key], ["n", 2], TestContext.Current.CancellationToken);

        Assert.Equal(5, (long)first);
        Assert.Equal(7, (long)second);
        Assert.Equal(1, _lua.NoScriptFallbacks);
        Assert.Same(script, _lua.Get(name));
    }

    [Fact]
    public async Task Register_custom_error_with_prefix_becomes_precondition()
    {
        _lua.Register("always_refuses", "return redis.error_reply('HORREUM_NOT_READY ' .. KEYS[1] .. ' is locked')");
        var ex = await Assert.ThrowsAsync<MigrationPreconditionFailedException>(
            () => _lua.EvaluateAsync(Db, "always_refuses", ["k:1"], [], TestContext.Current.CancellationToken));
        Assert.Contains("k:1 is locked", ex.Message, StringComparison.Ordinal);
        Assert.IsType<RedisServerException>(ex.InnerException);
    }

    [Fact]
    public async Task EvaluateAsync_other_server_error_propagates_as_redis_error()
    {
        _lua.Register("wrong_call", "return redis.call('NO_SUCH_COMMAND')");
        await Assert.ThrowsAsync<RedisServerException>(() => _lua.EvaluateAsync(Db, "wrong_call", [], [], TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Register_builtin_name_or_bad_name_rejected()
    {
        Assert.Throws<ArgumentException>(() => _lua.Register(LuaCatalog.RenameField, "return 1"));
        Assert.Throws<ArgumentException>(() => _lua.Register("Bad-Name", "return 1"));
        Assert.Throws<ArgumentException>(() => _lua.Register("ok_name", " "));
    }

    [Fact]
    public async Task EvaluateAsync_unknown_or_cancelled_throws_before_sending()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _lua.EvaluateAsync(Db, "nope", [], [], TestContext.Current.CancellationToken));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var key = Key(RedisFixture.Prefix());
        await Db.HashSetAsync(key, "a", "1");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _lua.DeleteFieldsAsync(Db, key, ["a"], cts.Token));
        Assert.True(await Db.HashExistsAsync(key, "a"));
    }
}
