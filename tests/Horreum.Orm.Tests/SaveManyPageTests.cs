using System.Globalization;
using Horreum.Orm.Embedded;
using Horreum.Orm.Serialization;
using Horreum.Orm.Tests.Models;
using StackExchange.Redis;

namespace Horreum.Orm.Tests;

/// <summary>
/// The shape of a save-many on the RESP pipeline: each page of records is one MULTI … EXEC holding every record's
/// writes and one ZADD of the page's ids to the instances index, so a page (and so each record with its index
/// entry) is written whole or not at all, and Redis runs one command per record instead of four.
/// </summary>
public sealed class SaveManyPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveMany_over_resp_writes_each_page_in_one_transaction_with_one_instances_write()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        using var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString);
        using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString + ",allowAdmin=true");
        await using var client = new HorreumClient(mux, new HorreumOptions { KeyNamespace = "smp", BatchSize = 1000 });
        Assert.NotNull(client.BulkEndpoint);
        var repo = client.Repository<Customer>();
        var records = Enumerable.Range(0, 2500).Select(i => new Customer { Id = $"c{i}", Name = $"n{i}", Age = i }).ToList();
        await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("CONFIG", "RESETSTAT");

        await repo.SaveManyAsync(records, Ct);

        var calls = await CommandCallsAsync(admin);
        Assert.Equal(3, calls.GetValueOrDefault("multi"));
        Assert.Equal(3, calls.GetValueOrDefault("exec"));
        Assert.Equal(3, calls.GetValueOrDefault("zadd"));
        Assert.Equal(2500, calls.GetValueOrDefault("hmset"));
        Assert.Equal(2500, await repo.CountAsync(Ct));
        var loaded = await repo.LoadManyAsync(records.Select(r => (object)r.Id), Ct);
        Assert.Equal(records.Select(r => $"{r.Id}:{r.Name}:{r.Age}"), loaded.Select(r => $"{r!.Id}:{r.Name}:{r.Age}"));
    }

    [Fact]
    public async Task SaveMany_over_resp_with_an_unencodable_value_writes_nothing_and_names_key_field_and_value()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        using var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString);
        await using var client = new HorreumClient(mux, new HorreumOptions { KeyNamespace = "smp", BatchSize = 1000 });
        var repo = client.Repository<Customer>();
        var records = Enumerable.Range(0, 2500).Select(i => new Customer { Id = $"c{i}", Name = $"n{i}" }).ToList();
        records[2100].Extra = new MemoryStream();

        var ex = await Assert.ThrowsAsync<FieldEncodeException>(() => repo.SaveManyAsync(records, Ct));

        Assert.Equal("smp:customer:c2100:object", ex.Key);
        Assert.Equal("extra", ex.Field);
        Assert.Contains("MemoryStream", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await mux.GetDatabase().ExecuteAsync("DBSIZE") is { } size ? (long)size : -1);
    }

    private static async Task<Dictionary<string, long>> CommandCallsAsync(ConnectionMultiplexer mux)
    {
        var info = (string)(await mux.GetServer(mux.GetEndPoints()[0]).ExecuteAsync("INFO", "commandstats"))!;
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in info.Split('\n', StringSplitOptions.TrimEntries))
        {
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
