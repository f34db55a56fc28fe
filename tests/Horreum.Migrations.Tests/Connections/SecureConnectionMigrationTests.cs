using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.Migrations.Tests.Engine;
using Horreum.Orm;
using Horreum.Orm.Embedded;
using Horreum.Orm.Transport;
using Horreum.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Horreum.Migrations.Tests.Connections;

/// <summary>Migrations on the connections applications really have: no allowAdmin, ACL users, TLS.</summary>
public sealed class SecureConnectionMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MigrationRunnerOptions Runner(string prefix) => new() { CheckpointEvery = 200, Registry = { Prefix = prefix } };

    private static async Task<(MigrationRunResult Run, MigrationRunResult Second)> RunBothKindsAsync(HorreumClient client, string prefix, int count)
    {
        await client.Repository<Person>().SaveManyAsync(Enumerable.Range(0, count).Select(i => new Person { Id = $"p{i}", Name = $"n{i}", Age = i % 90 }), Ct);
        var runner = new MigrationRunner(client, [new ActivateYoung(), new DeriveEmail()], Runner(prefix));
        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false }, Ct);
        var second = await runner.RunAsync(new MigrationRunOptions { DryRun = false }, Ct);
        return (run, second);
    }

    [Fact]
    public async Task Pipeline_and_model_migrations_run_without_allowAdmin_and_read_the_run_id_on_a_single_node()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        await using var client = await HorreumClient.ConnectAsync($"redis://127.0.0.1:{server.Port}", new HorreumOptions { KeyNamespace = "solo" }, Ct);
        Assert.DoesNotContain("allowAdmin=True", client.Connection.Configuration, StringComparison.OrdinalIgnoreCase);

        var (run, _) = await RunBothKindsAsync(client, "solo:migrations", 1_500);

        Assert.All(run.Migrations, m => Assert.True(m.Outcome == MigrationState.Applied, m.Error));
        Assert.Equal(1_500, run.Migrations[1].Modified);
        var runId = await ServerIdentity.GetRunIdAsync(client, NullLogger.Instance, Ct);
        Assert.Matches("^[0-9a-f]{40}$", runId);
    }

    [Fact]
    public async Task Pipeline_and_model_migrations_run_without_allowAdmin_and_read_every_primary_run_id_on_a_cluster()
    {
        await using var cluster = await LocalRedisCluster.StartAsync();
        await using var client = await HorreumClient.ConnectAsync(cluster.Configuration, new HorreumOptions { KeyNamespace = "{c}x" }, Ct);
        Assert.True(client.IsCluster);

        var (run, _) = await RunBothKindsAsync(client, "cx:migrations", 600);

        Assert.All(run.Migrations, m => Assert.True(m.Outcome == MigrationState.Applied, m.Error));
        Assert.Equal(600, run.Migrations[1].Modified);
        var runId = await ServerIdentity.GetRunIdAsync(client, NullLogger.Instance, Ct);
        Assert.Equal(3, runId!.Split(',').Length);
        Assert.All(runId.Split(','), part => Assert.Matches("^127\\.0\\.0\\.1:[0-9]+=[0-9a-f]{40}$", part));
    }

    [Fact]
    public async Task Acl_user_granted_only_its_namespace_and_registry_scans_and_migrates_every_primary_of_a_cluster()
    {
        // What such a user may touch: its records and its registry. The cluster scan must reach each primary without a
        // key of its own (a routing key outside these patterns is refused with NOPERM) and without scripting.
        await using var cluster = await LocalRedisCluster.StartAsync();
        foreach (var port in cluster.Ports)
        {
            await AclUser.CreateAsync(port, "app", "pw", "app:*", "{app:migrations}:*");
        }
        await using var client = await HorreumClient.ConnectAsync(cluster.Configuration + ",user=app,password=pw", new HorreumOptions { KeyNamespace = "app" }, Ct);
        Assert.True(client.IsCluster);

        var (run, second) = await RunBothKindsAsync(client, "app:migrations", 600);

        Assert.All(run.Migrations, m => Assert.True(m.Outcome == MigrationState.Applied, m.Error));
        Assert.Equal(600, run.Migrations[1].Scanned);
        Assert.Equal(600, run.Migrations[1].Modified);
        Assert.Empty(second.Migrations);
        var ids = new List<string>();
        await foreach (var id in client.Repository<Person>().ScanIdsAsync(Ct))
        {
            ids.Add(id);
        }
        Assert.Equal(600, ids.Distinct().Count());
    }

    [Fact]
    public async Task Migration_over_tls_as_an_acl_user_runs_and_rolls_back_with_bulk_work_on_the_tls_resp_pipeline()
    {
        using var certificates = await TestCertificates.CreateAsync();
        await using var server = await TlsRedisServer.StartAsync(certificates, cancellationToken: Ct);
        await AclUser.CreateAsync(server.PlainPort, "app", "pw", "app:*", "{app:migrations}:*");
        var options = new HorreumOptions { KeyNamespace = "app", BulkThreshold = 500 };
        options.Tls.CaFile = certificates.CaFile;
        await using var client = await HorreumClient.ConnectAsync(server.Url("app", "pw"), options, Ct);
        await client.Repository<Person>().SaveManyAsync(Enumerable.Range(0, 2_000).Select(i => new Person { Id = $"p{i}", Age = i % 90 }), Ct);
        Assert.True(client.RecordTransport.Endpoint!.UseTls);
        var runner = new MigrationRunner(client, [new ActivateYoung()], Runner("app:migrations"));

        var run = Assert.Single((await runner.RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);
        var expected = Enumerable.Range(0, 2_000).Count(i => i % 90 < 50);
        Assert.True(run.Outcome == MigrationState.Applied, run.Error);
        Assert.Equal(expected, run.Modified);
        Assert.NotNull(await ServerIdentity.GetRunIdAsync(client, NullLogger.Instance, Ct));

        var rollback = await runner.RollbackAsync(run.Id, dryRun: false, cancellationToken: Ct);
        Assert.Equal(expected, rollback.FieldsDeleted);
        var people = await client.Repository<Person>().LoadManyAsync(Enumerable.Range(0, 2_000).Select(i => (object)$"p{i}"), Ct);
        Assert.All(people, p => Assert.Null(p!.Status));
        Assert.Equal(MigrationState.RolledBack, (await runner.Registry.GetAsync(run.Id, Ct))!.Status);
    }

    [Fact]
    public async Task Acl_user_migrating_keys_outside_its_pattern_fails_with_noperm_naming_command_and_key_and_writes_nothing()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        await AclUser.CreateAsync(server.Port, "app", "pw", "app:*", "{app:migrations}:*");
        await using (var admin = await HorreumClient.ConnectAsync($"redis://127.0.0.1:{server.Port}", new HorreumOptions { KeyNamespace = "other" }, Ct))
        {
            await admin.Repository<Person>().SaveManyAsync(Enumerable.Range(0, 300).Select(i => new Person { Id = $"p{i}", Age = i % 90 }), Ct);
        }
        var before = await DigestAsync(server.Port);
        await using var client = await HorreumClient.ConnectAsync($"redis://app:pw@127.0.0.1:{server.Port}", new HorreumOptions { KeyNamespace = "other" }, Ct);
        var runner = new MigrationRunner(client, [new ActivateYoung()], Runner("app:migrations"));

        MigrationRunResult? result = null;
        Exception? thrown = null;
        try
        {
            result = await runner.RunAsync(new MigrationRunOptions { DryRun = false }, Ct);
        }
        catch (HorreumException ex)
        {
            thrown = ex;
        }
        var message = thrown?.Message ?? result!.Migrations.Single().Error ?? "";
        TestContext.Current.TestOutputHelper!.WriteLine(message);
        Assert.True(thrown is not null || result!.Migrations.Single().Outcome == MigrationState.Failed);
        Assert.Contains("NOPERM", message, StringComparison.Ordinal);
        Assert.Matches(@"Redis answered [A-Z]+ other:person:\S+ with an error: NOPERM", message);
        Assert.Contains("~other:*", message, StringComparison.Ordinal);
        Assert.Equal(before, await DigestAsync(server.Port, "other:"));
    }

    [Theory]
    [InlineData(BulkTransportKind.Resp)]
    [InlineData(BulkTransportKind.StackExchange)]
    public async Task Acl_user_denied_scan_gets_an_error_naming_the_command_to_grant_not_key_patterns(BulkTransportKind transport)
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        await using (var admin = await HorreumClient.ConnectAsync($"redis://127.0.0.1:{server.Port}", new HorreumOptions { KeyNamespace = "app" }, Ct))
        {
            await admin.Repository<Person>().SaveManyAsync(Enumerable.Range(0, 50).Select(i => new Person { Id = $"p{i}", Age = i }), Ct);
        }
        await using (var connection = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = server.Port }, Ct))
        {
            await connection.ExecuteAsync("ACL", null, ["SETUSER", "app", "reset", "on", ">pw", "~app:*", "~{app:migrations}:*", "+@all", "-scan"], Ct);
        }
        await using var client = await HorreumClient.ConnectAsync($"redis://app:pw@127.0.0.1:{server.Port}", new HorreumOptions { KeyNamespace = "app", BulkTransport = transport }, Ct);
        var runner = new MigrationRunner(client, [new ActivateYoung()], Runner("app:migrations"));

        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false }, Ct);

        var error = run.Migrations.Single().Error ?? "";
        TestContext.Current.TestOutputHelper!.WriteLine(error);
        Assert.Equal(MigrationState.Failed, run.Migrations.Single().Outcome);
        Assert.Contains("'scan'", error, StringComparison.Ordinal);
        Assert.Contains("ACL SETUSER <user> +scan", error, StringComparison.Ordinal);
        Assert.DoesNotContain("key patterns", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acl_user_whose_patterns_miss_the_registry_gets_noperm_naming_the_lock_key_and_the_pattern_to_grant()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        await AclUser.CreateAsync(server.Port, "app", "pw", "app:*");
        await using var client = await HorreumClient.ConnectAsync($"redis://app:pw@127.0.0.1:{server.Port}", new HorreumOptions { KeyNamespace = "app" }, Ct);
        var runner = new MigrationRunner(client, [new ActivateYoung()], Runner("app:migrations"));

        var ex = await Assert.ThrowsAsync<RedisReplyException>(() => runner.RunAsync(new MigrationRunOptions { DryRun = false }, Ct));
        TestContext.Current.TestOutputHelper!.WriteLine(ex.Message);
        Assert.Equal("{app:migrations}:lock", ex.Key);
        Assert.Contains("NOPERM", ex.Message, StringComparison.Ordinal);
        Assert.Contains("~{app:migrations}:*", ex.Message, StringComparison.Ordinal);
        Assert.Equal("", await DigestAsync(server.Port, "{app:migrations}"));
    }

    private static async Task<string> DigestAsync(int port, string prefix = "other:")
    {
        await using var connection = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = port }, Ct);
        var keys = new List<string>();
        var cursor = "0";
        do
        {
            var reply = await connection.ExecuteAsync("SCAN", null, [cursor, "MATCH", prefix + "*", "COUNT", "1000"], Ct);
            cursor = reply.Items![0].Text!;
            keys.AddRange(reply.Items[1].Items!.Select(k => k.Text!));
        }
        while (cursor != "0");
        var parts = new List<string>();
        foreach (var key in keys.Where(k => !k.EndsWith(":instances", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            parts.Add(key + "=" + (await connection.ExecuteAsync("DEBUG", null, ["DIGEST-VALUE", key], Ct)).Items![0].Text);
        }
        return string.Join("\n", parts);
    }
}
