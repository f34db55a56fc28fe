using System.Globalization;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.Orm;
using Horreum.Orm.Embedded;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Engine;

/// <summary>
/// Every kind runs on the one record pass: a page's journal entry, backups and data go out together, the counts of
/// a resumed run are honest, and the model's features see migration writes.
/// </summary>
public sealed class RecordPassTests
{
    private const int Records = 2_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<BulkTransportKind> Transports => new() { BulkTransportKind.Auto, BulkTransportKind.StackExchange };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Model_migration_queues_journal_backups_and_data_per_page_not_per_record(BulkTransportKind transport)
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        // The client under test has the connection an application has (no allowAdmin); the test reads the server's
        // command counters through a second, admin connection of its own.
        using var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString);
        using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString + ",allowAdmin=true");
        var (client, options) = Rig(mux, transport);
        await client.Repository<Person>().SaveManyAsync(Enumerable.Range(0, Records).Select(i => new Person { Id = $"p{i}", Name = $"Name {i}", Age = i % 90 }), Ct);
        await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("CONFIG", "RESETSTAT");

        var run = await new MigrationRunner(client, [new DeriveEmail()], options).RunAsync(new MigrationRunOptions { DryRun = false }, Ct);

        var result = Assert.Single(run.Migrations);
        Assert.Equal(MigrationState.Applied, result.Outcome);
        Assert.Equal(Records, result.Modified);
        var stats = await CommandCallsAsync(admin);
        // 4 pages of 500: one backup script call and one journal HSET per page, not per record.
        var scripts = stats.GetValueOrDefault("eval") + stats.GetValueOrDefault("evalsha");
        Assert.InRange(scripts, 1, 12);
        // One HSET (HMSET on StackExchange.Redis) per record, plus the journal's one per page.
        Assert.InRange(stats.GetValueOrDefault("hset") + stats.GetValueOrDefault("hmset"), Records, Records + 12);
        var backups = await new RedisMigrationRegistry(mux.GetDatabase(), options.Registry).ListBackupsAsync(result.Id, Ct);
        Assert.Equal(Records, backups.Count);
        Assert.All(backups, b => Assert.Null(b.OldValue));
        Assert.Equal("\"p1999@example.test\"", (string?)await mux.GetDatabase().HashGetAsync("rp:person:p1999:object", "email"));
    }

    [Fact]
    public async Task Resumed_run_reports_the_rate_of_the_records_it_processed_itself()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        using var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString);
        var (client, options) = Rig(mux, BulkTransportKind.Auto);
        await client.Repository<Person>().SaveManyAsync(Enumerable.Range(0, Records).Select(i => new Person { Id = $"p{i}", Name = $"Name {i}", Age = i % 90 }), Ct);
        var migration = new DeriveEmail();
        var registry = new RedisMigrationRegistry(mux.GetDatabase(), options.Registry);
        // An interrupted run that claims to have read a million records over a cursor of "0": all records remain.
        await registry.Checkpoints.SaveCheckpointAsync(migration.Id, new MigrationCheckpoint
        {
            Cursor = "0", Scanned = 1_000_000, Modified = 0, Checksum = migration.ComputeChecksum(), SavedAt = DateTime.UtcNow,
        }, Ct);

        var result = Assert.Single((await new MigrationRunner(client, [migration], options).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

        Assert.True(result.Resumed);
        Assert.Equal(1_000_000 + Records, result.Scanned);
        Assert.Equal(Records, result.ProcessedThisRun);
        Assert.Equal(Records / result.Duration.TotalSeconds, result.RecordsPerSecond, 6);
        var record = (await registry.GetAsync(migration.Id, Ct))!;
        Assert.Equal(Records, record.ProcessedThisRun);
        var history = Assert.Single(await registry.GetHistoryAsync(10, Ct));
        Assert.Equal(Records, history.Processed);
        Assert.Equal(Records / (history.DurationMs / 1000), history.RecordsPerSecond!.Value, 6);
    }

    [Fact]
    public async Task Migration_writes_keep_the_time_to_live_the_expiration_feature_set()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        using var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString);
        var (client, options) = Rig(mux, BulkTransportKind.Auto);
        await client.Repository<Expiring>().SaveManyAsync(Enumerable.Range(0, 1_200).Select(i => new Expiring { Id = $"e{i}", Status = "old", Name = "n" }), Ct);

        var run = await new MigrationRunner(client, [new RetireExpiring()], options).RunAsync(new MigrationRunOptions { DryRun = false }, Ct);

        Assert.Equal(1_200, Assert.Single(run.Migrations).Modified);
        var db = mux.GetDatabase();
        for (var i = 0; i < 1_200; i += 97)
        {
            Assert.Equal("\"retired\"", (string?)await db.HashGetAsync($"rp:expiring:e{i}:object", "status"));
            Assert.False(await db.HashExistsAsync($"rp:expiring:e{i}:object", "name"));
            var ttl = await db.KeyTimeToLiveAsync($"rp:expiring:e{i}:object");
            Assert.NotNull(ttl);
            Assert.InRange(ttl.Value, TimeSpan.FromSeconds(3000), TimeSpan.FromSeconds(3600));
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_raw_hash_kept_by_the_migration_stays_the_record_it_was_after_the_pass_moved_on(BulkTransportKind transport)
    {
        // The pass reads pages into one reused buffer; a hash handed to user code must not change under it.
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        using var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString);
        var (client, options) = Rig(mux, transport);
        await client.Repository<Person>().SaveManyAsync(Enumerable.Range(0, Records).Select(i => new Person { Id = $"p{i}", Name = $"Name {i}", Age = i % 90 }), Ct);
        var keeper = new KeepRawHashes();

        var run = await new MigrationRunner(client, [keeper], options).RunAsync(new MigrationRunOptions { DryRun = false }, Ct);

        Assert.Equal(MigrationState.Applied, Assert.Single(run.Migrations).Outcome);
        Assert.Equal(Records, keeper.Kept.Count);
        foreach (var (key, hash) in keeper.Kept)
        {
            var id = key.Split(':')[2];
            Assert.Equal($"\"Name {id[1..]}\"", hash["name"]);
            Assert.Equal((int.Parse(id[1..], CultureInfo.InvariantCulture) % 90).ToString(CultureInfo.InvariantCulture), hash["age"]);
        }
    }

    private static (HorreumClient Client, MigrationRunnerOptions Options) Rig(IConnectionMultiplexer mux, BulkTransportKind transport)
    {
        var client = new HorreumClient(mux, new HorreumOptions { KeyNamespace = "rp", BulkTransport = transport });
        var options = new MigrationRunnerOptions();
        options.Registry.Prefix = "rp:migrations";
        return (client, options);
    }

    private static async Task<Dictionary<string, long>> CommandCallsAsync(ConnectionMultiplexer mux)
    {
        var info = (string)(await mux.GetServer(mux.GetEndPoints()[0]).ExecuteAsync("INFO", "commandstats"))!;
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in info.Split('\n', StringSplitOptions.TrimEntries))
        {
            // cmdstat_hset:calls=2004,usec=...
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                continue;
            }
            var name = line["cmdstat_".Length..line.IndexOf(':', StringComparison.Ordinal)];
            var value = line[(line.IndexOf("calls=", StringComparison.Ordinal) + 6)..];
            calls[name] = long.Parse(value[..value.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        }
        return calls;
    }
}

[Horreum.Orm.Modeling.Feature("expiration")]
[Horreum.Orm.Modeling.Expiration(3600)]
public sealed class Expiring
{
    [Horreum.Orm.Modeling.Identifier] public string Id { get; set; } = "";
    public string? Status { get; set; }
    public string? Name { get; set; }
}

/// <summary>Keeps every raw hash it is given (and writes nothing).</summary>
internal sealed class KeepRawHashes : ModelMigration<Person>
{
    public override string Id => "20250601_000000_keep_raw_hashes";

    public List<(string Key, IReadOnlyDictionary<string, string?> Hash)> Kept { get; } = [];

    protected override bool UseRawHash => true;

    protected override Task ProcessRecordAsync(Person record, string key, MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task ProcessRawRecordAsync(string key, IReadOnlyDictionary<string, string?> hash, MigrationContext context, CancellationToken cancellationToken)
    {
        Kept.Add((key, hash));
        return Task.CompletedTask;
    }
}

/// <summary>Sets status and removes name (a MULTI per record) on every <see cref="Expiring"/>.</summary>
internal sealed class RetireExpiring : ModelMigration<Expiring>
{
    public override string Id => "20250601_000000_retire_expiring";

    protected override Task ProcessRecordAsync(Expiring record, string key, MigrationContext context, CancellationToken cancellationToken) =>
        WriteFieldsAsync(context, key, new FieldChanges().Set(nameof(Expiring.Status), "retired").Remove(nameof(Expiring.Name)), cancellationToken);
}
