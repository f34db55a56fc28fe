using System.Text.Json;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Registry;

public sealed class RedisMigrationRegistryTests(RedisFixture redis)
{
    private const string A = "20250101_000000_first";
    private const string B = "20250102_000000_second";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly MigrationRunSummary Summary = new()
    {
        Duration = TimeSpan.FromTicks(12_345_678),
        Scanned = 10,
        Modified = 7,
        Errors = 1,
        Reversible = true,
        Checksum = "sha256:abc",
        Stats = new Dictionary<string, long> { ["emails_lowercased"] = 7, ["skipped"] = 3 },
    };

    private (RedisMigrationRegistry Registry, string Prefix, ManualTime Time) Create(Action<MigrationRegistryOptions>? configure = null)
    {
        var prefix = RedisFixture.Prefix();
        var options = new MigrationRegistryOptions { Prefix = prefix, Host = "test-host", AppVersion = "9.9.9" };
        configure?.Invoke(options);
        var time = new ManualTime(new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero));
        return (new RedisMigrationRegistry(redis.Db, options, time), prefix, time);
    }

    [Fact]
    public async Task RecordAppliedAsync_round_trips_every_field()
    {
        var (registry, _, _) = Create();
        var written = await registry.History.RecordAppliedAsync(A, Summary, Ct);
        var read = await registry.GetAsync(A, Ct);

        Assert.NotNull(read);
        Assert.Equal(MigrationState.Applied, read.Status);
        Assert.Equal(A, read.Id);
        Assert.Equal(new DateTime(2025, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc), read.AppliedAt);
        Assert.Equal(DateTimeKind.Utc, read.AppliedAt.Kind);
        Assert.Equal(1234.5678, read.DurationMs, 6);
        Assert.Equal((10, 7, 1, true), (read.Scanned, read.Modified, read.Errors, read.Reversible));
        Assert.Equal(("sha256:abc", "test-host", "9.9.9"), (read.Checksum, read.Host, read.AppVersion));
        Assert.Equal(Summary.Stats, read.Stats);
        Assert.Null(read.Reason);
        Assert.Null(read.Error);
        Assert.Equal(written with { Stats = read.Stats }, read);
    }

    [Fact]
    public async Task RecordAppliedAsync_stores_snake_case_json_with_utc_time()
    {
        var (registry, _, _) = Create();
        await registry.History.RecordAppliedAsync(A, Summary, Ct);
        var json = (string?)await redis.Db.HashGetAsync(registry.Keys.Metadata, A);

        using var doc = JsonDocument.Parse(json!);
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "id", "status", "applied_at", "duration_ms", "scanned", "modified", "errors", "reversible", "checksum", "host", "app_version", "stats" }, names);
        Assert.Equal("applied", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("2025-03-04T05:06:07.89Z", doc.RootElement.GetProperty("applied_at").GetString());
        Assert.Equal(7, doc.RootElement.GetProperty("stats").GetProperty("emails_lowercased").GetInt64());
    }

    [Fact]
    public async Task RecordAppliedAsync_sub_millisecond_duration_not_zero()
    {
        var (registry, _, _) = Create();
        var record = await registry.History.RecordAppliedAsync(A, new MigrationRunSummary { Duration = TimeSpan.FromTicks(2_500) }, Ct);
        Assert.Equal(0.25, record.DurationMs);
        Assert.Equal(0.25, (await registry.GetAsync(A, Ct))!.DurationMs);
    }

    [Fact]
    public async Task RecordAppliedAsync_all_keys_share_one_hash_tag()
    {
        var (registry, prefix, _) = Create();
        await registry.History.RecordAppliedAsync(A, Summary, Ct);
        await registry.Backups.BackupFieldAsync(A, new FieldBackup("k", "f", "v"), Ct);

        var keys = await redis.KeysAsync("{" + prefix + "}");
        Assert.Equal(4, keys.Count);
        Assert.All(keys, k => Assert.StartsWith("{" + prefix + "}:", k, StringComparison.Ordinal));
        Assert.All(
            new[] { registry.Keys.Applied, registry.Keys.Metadata, registry.Keys.History, registry.Keys.Lock, registry.Keys.Fingerprints, registry.Keys.Backup(A), registry.Keys.BackupLog(A), registry.Keys.Checkpoint(A) },
            k => Assert.StartsWith("{" + prefix + "}:", k, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecordAppliedAsync_default_prefix_is_horreum_migrations()
    {
        var registry = new RedisMigrationRegistry(redis.Db);
        Assert.Equal("{horreum:migrations}:applied", registry.Keys.Applied);
        Assert.Null(await registry.GetAsync(RedisFixture.Prefix(), Ct));
    }

    [Fact]
    public async Task RecordNotApplicableAsync_keeps_reason_and_counts_as_done()
    {
        var (registry, _, _) = Create();
        await registry.History.RecordNotApplicableAsync(A, "no v1 records found", Summary, Ct);
        var read = await registry.GetAsync(A, Ct);
        Assert.Equal(MigrationState.NotApplicable, read!.Status);
        Assert.Equal("no v1 records found", read.Reason);
        Assert.Equal([A], await registry.GetDoneIdsAsync(Ct));
        var json = (string?)await redis.Db.HashGetAsync(registry.Keys.Metadata, A);
        Assert.Contains("\"status\":\"not_applicable\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordFailedAsync_keeps_error_and_is_not_done()
    {
        var (registry, _, _) = Create();
        await registry.History.RecordAppliedAsync(A, Summary, Ct);
        await registry.History.RecordFailedAsync(A, "boom at user:1", Summary, Ct);
        var read = await registry.GetAsync(A, Ct);
        Assert.Equal(MigrationState.Failed, read!.Status);
        Assert.Equal("boom at user:1", read.Error);
        Assert.Empty(await registry.GetDoneIdsAsync(Ct));
    }

    [Fact]
    public async Task RecordRolledBackAsync_applied_becomes_rolled_back_and_not_done()
    {
        var (registry, _, _) = Create();
        await registry.History.RecordAppliedAsync(A, Summary, Ct);
        var record = await registry.History.RecordRolledBackAsync(A, new MigrationRunSummary { Duration = TimeSpan.FromMilliseconds(3) }, Ct);
        Assert.Equal(MigrationState.RolledBack, record.Status);
        Assert.Equal(MigrationState.RolledBack, (await registry.GetAsync(A, Ct))!.Status);
        Assert.Empty(await registry.GetDoneIdsAsync(Ct));
        Assert.Contains("\"status\":\"rolled_back\"", (string?)await redis.Db.HashGetAsync(registry.Keys.Metadata, A), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordRolledBackAsync_not_applied_throws_and_writes_nothing()
    {
        var (registry, _, _) = Create();
        await registry.History.RecordFailedAsync(A, "earlier failure", Summary, Ct);
        var ex = await Assert.ThrowsAsync<MigrationNotAppliedException>(() => registry.History.RecordRolledBackAsync(A, Summary, Ct));
        Assert.Equal(A, ex.MigrationId);
        Assert.Equal(MigrationState.Failed, (await registry.GetAsync(A, Ct))!.Status);
        Assert.Single(await registry.GetHistoryAsync(cancellationToken: Ct));

        await Assert.ThrowsAsync<MigrationNotAppliedException>(() => registry.History.RecordRolledBackAsync(B, Summary, Ct));
        Assert.Null(await registry.GetAsync(B, Ct));
    }

    [Fact]
    public async Task Record_status_transitions_history_keeps_every_event_in_order()
    {
        var (registry, _, time) = Create();
        await registry.History.RecordFailedAsync(A, "first try failed", Summary, Ct);
        time.Now += TimeSpan.FromSeconds(1);
        await registry.History.RecordAppliedAsync(A, Summary, Ct);
        time.Now += TimeSpan.FromSeconds(1);
        await registry.History.RecordRolledBackAsync(A, Summary, Ct);
        time.Now += TimeSpan.FromSeconds(1);
        await registry.History.RecordAppliedAsync(A, Summary, Ct);

        var history = await registry.GetHistoryAsync(cancellationToken: Ct);
        Assert.Equal(
            [MigrationState.Failed, MigrationState.Applied, MigrationState.RolledBack, MigrationState.Applied],
            history.Select(h => h.Status));
        Assert.Equal("first try failed", history[0].Detail);
        Assert.True(history.Select(h => h.At).SequenceEqual(history.Select(h => h.At).Order()));
        Assert.Equal([A], await registry.GetDoneIdsAsync(Ct));
        Assert.Equal(time.Now.UtcDateTime, (await registry.GetAsync(A, Ct))!.AppliedAt);
    }

    [Fact]
    public async Task GetDoneIdsAsync_ordered_by_record_time_not_id()
    {
        var (registry, _, time) = Create();
        await registry.History.RecordAppliedAsync(B, Summary, Ct);
        time.Now += TimeSpan.FromMinutes(1);
        await registry.History.RecordNotApplicableAsync(A, "nothing to do", Summary, Ct);
        Assert.Equal([B, A], await registry.GetDoneIdsAsync(Ct));
        Assert.Equal([A, B], (await registry.ListAsync(Ct)).Select(r => r.Id));
    }

    [Fact]
    public async Task GetHistoryAsync_capped_at_history_limit()
    {
        var (registry, _, _) = Create(o => o.HistoryLimit = 3);
        for (var i = 0; i < 5; i++)
        {
            await registry.History.RecordFailedAsync(A, $"failure {i}", Summary, Ct);
        }
        Assert.Equal(3, await redis.Db.ListLengthAsync(registry.Keys.History));
        Assert.Equal(["failure 2", "failure 3", "failure 4"], (await registry.GetHistoryAsync(10, Ct)).Select(h => h.Detail));
        Assert.Equal(["failure 4"], (await registry.GetHistoryAsync(1, Ct)).Select(h => h.Detail));
    }

    [Fact]
    public async Task Record_registry_key_of_wrong_type_throws_and_writes_nothing()
    {
        // The atomicity shape: the history list is checked before the first write, so a failing event leaves
        // the done set and the metadata exactly as they were.
        var (registry, _, _) = Create();
        await redis.Db.StringSetAsync(registry.Keys.History, "not a list");
        await Assert.ThrowsAsync<MigrationPreconditionFailedException>(() => registry.History.RecordAppliedAsync(A, Summary, Ct));
        Assert.False(await redis.Db.KeyExistsAsync(registry.Keys.Applied));
        Assert.False(await redis.Db.KeyExistsAsync(registry.Keys.Metadata));
        Assert.Equal("not a list", (string?)await redis.Db.StringGetAsync(registry.Keys.History));
    }

    [Fact]
    public async Task Record_cancelled_token_writes_nothing()
    {
        var (registry, _, _) = Create();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => registry.History.RecordAppliedAsync(A, Summary, cts.Token));
        Assert.Null(await registry.GetAsync(A, Ct));
    }

    [Fact]
    public async Task GetAsync_corrupt_metadata_throws_with_preview()
    {
        var (registry, _, _) = Create();
        await redis.Db.HashSetAsync(registry.Keys.Metadata, A, "{not json");
        var ex = await Assert.ThrowsAsync<HorreumMigrationException>(() => registry.GetAsync(A, Ct));
        Assert.Contains("{not json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(A, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_invalid_rejected()
    {
        Assert.Throws<ArgumentException>(() => new MigrationRegistryOptions { Prefix = "{bad}" }.Validate());
        Assert.Throws<ArgumentException>(() => new MigrationRegistryOptions { Prefix = "" }.Validate());
        Assert.Throws<ArgumentException>(() => new MigrationRegistryOptions { HistoryLimit = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new MigrationRegistryOptions { BackupTtl = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentException>(() => new RedisMigrationRegistry(redis.Db, new MigrationRegistryOptions { Prefix = "a}b" }));
        new MigrationRegistryOptions().Validate();
    }
}
