using System.CommandLine;
using Horreum.Cli.Demo;
using Horreum.Orm;
using Horreum.Orm.Embedded;
using StackExchange.Redis;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum demo</c>: the project's main job, on a private redis-server unless one is given.</summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var redis = new Option<string?>("--redis") { Description = "Use this server (host:port or StackExchange.Redis configuration) under a 'demo:' prefix instead of a private one." };
        var command = new Command("demo", "Save and load sample models and show the hashes as Redis stores them.");
        command.Options.Add(redis);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(redis), output, error, ct));
        return command;
    }

    private static async Task<int> RunAsync(string? redisConfig, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        LocalRedisServer? server = null;
        try
        {
            if (redisConfig is null)
            {
                server = await LocalRedisServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                redisConfig = server.ConfigurationString;
                await output.WriteLineAsync($"Started a private redis-server on 127.0.0.1:{server.Port} (removed at the end).").ConfigureAwait(false);
            }
            using var mux = await ConnectionMultiplexer.ConnectAsync(redisConfig).ConfigureAwait(false);
            var options = new HorreumOptions { KeyNamespace = server is null ? "demo" : null };
            var client = new HorreumClient(mux, options);
            await ShowMapperAsync(client, output, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (RedisConnectionException ex)
        {
            await error.WriteLineAsync($"horreum: cannot connect to Redis ({ex.Message.Split('\n')[0]})").ConfigureAwait(false);
            return 1;
        }
        catch (InvalidOperationException ex) when (server is null && ex.Message.Contains("redis-server", StringComparison.Ordinal))
        {
            await error.WriteLineAsync($"horreum: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task ShowMapperAsync(HorreumClient client, TextWriter output, CancellationToken ct)
    {
        var customers = client.Repository<Customer>();
        var ada = new Customer
        {
            Id = "cust-001",
            Name = "Ada Lovelace",
            PostalCode = "007",
            Age = 36,
            Active = true,
            Balance = 1815.10m,
            SignedUpAt = new DateTime(2024, 12, 10, 9, 30, 0, DateTimeKind.Utc),
            Plan = Plan.Pro,
            Tags = ["math", "42"],
        };
        await customers.SaveAsync(ada, ct).ConfigureAwait(false);
        await ada.Orders!.AddAsync("order-1", ct).ConfigureAwait(false);
        await output.WriteLineAsync("Saved customer cust-001. The hash as Redis holds it (one JSON value per field; Nickname is null, so it has no field):").ConfigureAwait(false);
        await PrintHashAsync(client, customers.KeyFor("cust-001"), output).ConfigureAwait(false);

        var loaded = await customers.LoadAsync("cust-001", ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the record just saved is missing");
        await output.WriteLineAsync($"Loaded back: Name={loaded.Name}, PostalCode=\"{loaded.PostalCode}\" (still a string), Age={loaded.Age} (int), Balance={loaded.Balance} (decimal), SignedUpAt={loaded.SignedUpAt:O}, Plan={loaded.Plan}, Orders={string.Join(",", await loaded.Orders!.RangeAsync(cancellationToken: ct).ConfigureAwait(false))}").ConfigureAwait(false);

        loaded.Tags = null;
        await customers.SaveAsync(loaded, ct).ConfigureAwait(false);
        await output.WriteLineAsync("Saved again with Tags = null: the field is removed.").ConfigureAwait(false);
        await PrintHashAsync(client, customers.KeyFor("cust-001"), output).ConfigureAwait(false);

        var sessions = client.Repository<Session>();
        await sessions.SaveAsync(new Session { Id = "sess-1", CustomerId = "cust-001", StartedAt = DateTimeOffset.UtcNow }, ct).ConfigureAwait(false);
        var ttl = await client.Database.KeyTimeToLiveAsync(sessions.KeyFor("sess-1")).ConfigureAwait(false);
        await output.WriteLineAsync($"Saved session sess-1 with [Feature(\"expiration\")]: TTL {ttl?.TotalSeconds:0} s.").ConfigureAwait(false);
        await PrintHashAsync(client, sessions.KeyFor("sess-1"), output).ConfigureAwait(false);

        var many = Enumerable.Range(2, 1000).Select(i => new Customer { Id = $"cust-{i:000}", Name = $"Customer {i}", Age = 20 + (i % 50) }).ToList();
        await customers.SaveManyAsync(many, ct).ConfigureAwait(false);
        var back = await customers.LoadManyAsync(many.Select(c => (object)c.Id).Append("cust-missing"), ct).ConfigureAwait(false);
        await output.WriteLineAsync($"save-many + load-many of {many.Count} customers in pipelined batches: {back.Count(c => c is not null)} loaded, the missing id gave null. Count: {await customers.CountAsync(ct).ConfigureAwait(false)}.").ConfigureAwait(false);
    }

    private static async Task PrintHashAsync(HorreumClient client, string key, TextWriter output)
    {
        await output.WriteLineAsync($"  HGETALL {key}").ConfigureAwait(false);
        foreach (var entry in await client.Database.HashGetAllAsync(key).ConfigureAwait(false))
        {
            await output.WriteLineAsync($"    {entry.Name,-14} {entry.Value}").ConfigureAwait(false);
        }
    }
}
