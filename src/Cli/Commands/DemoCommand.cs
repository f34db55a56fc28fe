using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Horreum.Cli.Demo;
using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Engine;
using Horreum.Orm;
using Horreum.Orm.Embedded;
using StackExchange.Redis;

namespace Horreum.Cli.Commands;

/// <summary>
/// <c>horreum demo</c>, the main job: seeds v1 data (on a private redis-server unless --redis is given, then under
/// <c>demo:</c>) and walks through status, dry run, run, validate, a second run and a rollback.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Where the demo keeps everything: its models under demo:, its registry under {demo:migrations}.</summary>
    private static readonly string[] DemoKeyPatterns = ["demo:*", "{demo:migrations}*"];

    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var records = new Option<int>("--records") { Description = "Customers to seed (sessions: a tenth).", DefaultValueFactory = _ => 100_000 };
        var keep = new Option<bool>("--keep") { Description = "Leave the data (and a private server running) at the end." };
        var seedOnly = new Option<bool>("--seed-only") { Description = "Seed the v1 data and stop." };
        var command = new Command("demo", "Seed v1 data and show the migration system end to end.") { records, keep, seedOnly };
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, io =>
            RunAsync(parse, globals, io, Math.Max(1, parse.GetValue(records)), parse.GetValue(keep), parse.GetValue(seedOnly), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, GlobalOptions globals, CliIo io, int records, bool keep, bool seedOnly, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        LocalRedisServer? server = null;
        var url = parse.GetValue(globals.Redis);
        try
        {
            if (url is null)
            {
                server = await LocalRedisServer.StartAsync(cancellationToken: ct).ConfigureAwait(false);
                url = $"redis://127.0.0.1:{server.Port}";
                io.Line($"Started a private redis-server on 127.0.0.1:{server.Port} (no persistence; removed at the end unless --keep).");
            }
            var endpoint = CliSession.ResolveEndpoint(url);
            var runnerOptions = new MigrationRunnerOptions();
            runnerOptions.Registry.Prefix = "demo:migrations";
            foreach (var model in DemoCatalog.Models())
            {
                runnerOptions.Models.Add(model);
            }
            var options = DemoCatalog.Options("demo");
            globals.ApplyTls(parse, options.Tls);
            await using var session = await CliSession.ConnectAsync(io, endpoint, options, DemoCatalog.Migrations(), runnerOptions).ConfigureAwait(false);
            var db = session.Client.Database;

            await ClearAsync(session.Client, ct).ConfigureAwait(false);
            var seed = Stopwatch.StartNew();
            await DemoSeeder.SeedAsync(db, records, ct).ConfigureAwait(false);
            io.Line($"Seeded {records:N0} customers and {Math.Max(1, records / 10):N0} sessions in the v1 format (plain strings) under demo: in {seed.Elapsed.TotalSeconds:0.0} s.");
            var sample = session.Client.Repository<Customer>().KeyFor(DemoSeeder.CustomerId(42 % records));
            await PrintHashAsync(io, db, sample, "v1").ConfigureAwait(false);
            if (seedOnly)
            {
                keep = true;
                io.Line($"--seed-only: stopping here. Try: horreum migrate --demo --redis {endpoint.Display}");
                return ExitCodes.Ok;
            }

            io.Line();
            io.Line("1. horreum status --demo");
            io.Write(Render.Status(await session.Runner.StatusAsync(ct).ConfigureAwait(false), io.Width));

            io.Line();
            io.Line("2. horreum migrate --demo                (dry run: reads and decides everything, writes nothing)");
            var before = await DigestAsync(session.Client, server is not null, ct).ConfigureAwait(false);
            var dry = await session.Runner.RunAsync(new MigrationRunOptions { DryRun = true }, ct).ConfigureAwait(false);
            MigrateCommand.Print(io, dry);
            var after = await DigestAsync(session.Client, server is not null, ct).ConfigureAwait(false);
            io.Line($"   {before.Method} before and after the dry run: {(before.Digest == after.Digest ? "identical, nothing was written" : "DIFFERENT")}");

            io.Line();
            io.Line("3. horreum migrate --demo --run");
            var run = await session.Runner.RunAsync(new MigrationRunOptions { DryRun = false, Progress = new ProgressPrinter(io) }, ct).ConfigureAwait(false);
            MigrateCommand.Print(io, run);
            if (!run.Succeeded)
            {
                return ExitCodes.Failure;
            }
            var scanned = run.Migrations.Sum(m => m.Scanned);
            var seconds = run.Migrations.Sum(m => m.Duration.TotalSeconds);
            io.Line($"   {scanned:N0} records read in {seconds:0.0} s: {(seconds > 0 ? scanned / seconds : 0):N0} records/s overall.");
            await PrintHashAsync(io, db, sample, "v2").ConfigureAwait(false);
            var loaded = await session.Client.Repository<Customer>().LoadAsync(DemoSeeder.CustomerId(42 % records), ct).ConfigureAwait(false);
            io.Line($"   Strict load: PostalCode=\"{loaded?.PostalCode}\" (a string), Age={loaded?.Age}, Active={loaded?.Active}, Balance={loaded?.Balance}, Plan={loaded?.Plan}, Nickname={(loaded?.Nickname is null ? "null" : $"\"{loaded.Nickname}\"")}");

            io.Line();
            io.Line("4. horreum validate --demo");
            var problems = await session.Runner.ValidateAsync(ct).ConfigureAwait(false);
            io.Line(problems.Count == 0 ? $"   OK: {session.Migrations.Count} migrations, no problems." : string.Join(Environment.NewLine, problems.Select(p => "   " + p.Message)));

            io.Line();
            io.Line("5. horreum drift --demo --data --sample 1000");
            var runnerModels = session.Runner.Models;
            DriftCommand.Print(io, await new Horreum.Migrations.Drift.DriftDetector(session.Client, session.Runner).CheckAsync(runnerModels, includeData: true, sample: 1000, ct).ConfigureAwait(false));

            io.Line();
            io.Line("6. horreum migrate --demo --run           (again: nothing pending)");
            MigrateCommand.Print(io, await session.Runner.RunAsync(new MigrationRunOptions { DryRun = false }, ct).ConfigureAwait(false));

            io.Line();
            var last = session.Runner.Ordered.Last(m => m.IsReversible);
            io.Line($"7. horreum rollback {last.Id} --demo --run");
            var rollback = await session.Runner.RollbackAsync(last.Id, dryRun: false, ct).ConfigureAwait(false);
            io.Line($"   Rolled back: {rollback.FieldsRestored:N0} fields restored from backups, {rollback.FieldsDeleted:N0} removed, in {rollback.Duration.TotalMilliseconds:0} ms.");
            io.Write(Render.Status(await session.Runner.StatusAsync(ct).ConfigureAwait(false), io.Width));

            io.Line();
            io.Line($"Demo finished in {total.Elapsed.TotalSeconds:0.0} s.");
            if (!keep)
            {
                await ClearAsync(session.Client, ct).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        }
        finally
        {
            if (server is not null)
            {
                if (keep)
                {
                    var pid = server.Detach();
                    io.Line($"The private redis-server keeps running (pid {pid}): horreum status --demo --redis redis://127.0.0.1:{server.Port} ; stop it with: kill {pid}");
                }
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A SHA-256 over the name, DUMP payload and TTL of each key in sorted order, read with SCAN (never KEYS; every
    /// primary of a cluster): every key on the demo's private server; on a server given with --redis, the demo's own
    /// keys, since other applications' keys may change meanwhile and its user may not be allowed to read them.
    /// (DEBUG DIGEST would need an admin connection, which the CLI never opens, and Redis 7 disables it by default.)
    /// </summary>
    private static async Task<(string Method, string Digest)> DigestAsync(HorreumClient client, bool privateServer, CancellationToken ct)
    {
        var keys = (await KeysAsync(client, privateServer ? ["*"] : DemoKeyPatterns, ct).ConfigureAwait(false))
            .Select(k => (string)k!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var page in keys.Chunk(1000))
        {
            var batch = client.Database.CreateBatch();
            var dumps = page.Select(k => batch.KeyDumpAsync(k)).ToArray();
            var ttls = page.Select(k => batch.KeyTimeToLiveAsync(k)).ToArray();
            batch.Execute();
            await Task.WhenAll(dumps.Cast<Task>().Concat(ttls)).ConfigureAwait(false);
            for (var i = 0; i < page.Length; i++)
            {
                sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{page[i]}\n{(ttls[i].Result is null ? "persist" : "expires")}\n"));
                sha.AppendData(dumps[i].Result ?? []);
            }
        }
        var scope = privateServer ? "every key" : $"the demo's keys ({string.Join(", ", DemoKeyPatterns)})";
        return ($"A digest of {scope} ({keys.Count:N0} keys; SCAN, then DUMP and TTL of each)", Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static async Task PrintHashAsync(CliIo io, IDatabase db, string key, string label)
    {
        io.Line($"   HGETALL {key}   ({label})");
        foreach (var e in (await db.HashGetAllAsync(key).ConfigureAwait(false)).OrderBy(e => (string?)e.Name, StringComparer.Ordinal))
        {
            io.Line($"     {e.Name,-14} {((string?)e.Value is { Length: 0 } ? "(empty string)" : e.Value.ToString())}");
        }
    }

    /// <summary>
    /// Removes the demo's keys (models under demo:, registry under {demo:migrations}) with SCAN, never KEYS, on every
    /// primary of a cluster; one DEL per key, so keys of different hash slots never share a command.
    /// </summary>
    private static async Task ClearAsync(HorreumClient client, CancellationToken ct)
    {
        foreach (var page in (await KeysAsync(client, DemoKeyPatterns, ct).ConfigureAwait(false)).Chunk(1000))
        {
            var batch = client.Database.CreateBatch();
            var deletes = page.Select(k => batch.KeyDeleteAsync(k)).ToArray();
            batch.Execute();
            await Task.WhenAll(deletes).ConfigureAwait(false);
        }
    }

    /// <summary>Every key matching one of <paramref name="patterns"/>, read with SCAN on every primary.</summary>
    private static async Task<List<RedisKey>> KeysAsync(HorreumClient client, string[] patterns, CancellationToken ct)
    {
        var keys = new List<RedisKey>();
        foreach (var pattern in patterns)
        {
            await foreach (var key in client.ScanKeysAsync(pattern, 1000, ct).ConfigureAwait(false))
            {
                keys.Add(key);
            }
        }
        return keys;
    }
}
