using System.Globalization;
using Horreum.Orm.Embedded;
using Horreum.Orm.Serialization;
using Horreum.Orm.Tests.Models;
using StackExchange.Redis;

namespace Horreum.Orm.Tests;

/// <summary>
/// The shape of a save-many on the RESP pipeline: each record is one HMSET (atomic on its own), or one MULTI … EXEC
/// when it also removes fields or sets a time to live; the page's ids go to the instances index in one ZADD sent
/// only after the page's writes are acknowledged, so the index never names a record that was not written.
/// </summary>
public sealed class SaveManyPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveMany_over_resp_sends_one_HMSET_per_record_a_MULTI_only_for_records_that_remove_fields_and_one_ZADD_per_page()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        using var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString);
        using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString + ",allowAdmin=true");
        await using var client = new HorreumClient(mux, new HorreumOptions { KeyNamespace = "smp", BatchSize = 1000 });
        Assert.NotNull(client.RecordTransport.Endpoint);
        var lines = client.Repository<Line>();
        var records = Enumerable.Range(0, 2500).Select(i => new Line { Id = $"l{i}", Text = $"t{i}", Number = i }).ToList();
        await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("CONFIG", "RESETSTAT");

        await lines.SaveManyAsync(records, Ct);

        var calls = await CommandCallsAsync(admin);
        Assert.Equal(0, calls.GetValueOrDefault("multi"));
        Assert.Equal(0, calls.GetValueOrDefault("exec"));
        Assert.Equal(0, calls.GetValueOrDefault("hdel"));
        Assert.Equal(2500, calls.GetValueOrDefault("hmset"));
        Assert.Equal(3, calls.GetValueOrDefault("zadd"));
        Assert.Equal(2500, await lines.CountAsync(Ct));
        var loaded = await lines.LoadManyAsync(records.Select(r => (object)r.Id), Ct);
        Assert.Equal(records.Select(r => $"{r.Id}:{r.Text}:{r.Number}"), loaded.Select(r => $"{r!.Id}:{r.Text}:{r.Number}"));

        // A Customer always has null fields to remove: HMSET and HDEL of each record go in one MULTI of their own.
        var customers = client.Repository<Customer>();
        var withNulls = Enumerable.Range(0, 1500).Select(i => new Customer { Id = $"c{i}", Name = $"n{i}", Age = i }).ToList();
        await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("CONFIG", "RESETSTAT");

        await customers.SaveManyAsync(withNulls, Ct);

        calls = await CommandCallsAsync(admin);
        Assert.Equal(1500, calls.GetValueOrDefault("multi"));
        Assert.Equal(1500, calls.GetValueOrDefault("exec"));
        Assert.Equal(1500, calls.GetValueOrDefault("hmset"));
        Assert.Equal(1500, calls.GetValueOrDefault("hdel"));
        Assert.Equal(2, calls.GetValueOrDefault("zadd"));
        Assert.Equal(1500, await customers.CountAsync(Ct));
    }

    [Theory]
    [InlineData(BulkTransportKind.Auto)]
    [InlineData(BulkTransportKind.StackExchange)]
    public async Task SaveMany_with_an_unencodable_value_names_key_field_and_value_writes_nothing_of_its_page_and_keeps_the_pages_before(BulkTransportKind transport)
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        using var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString);
        await using var client = new HorreumClient(mux, new HorreumOptions { KeyNamespace = "smp", BatchSize = 1000, BulkTransport = transport });
        var repo = client.Repository<Customer>();
        var records = Enumerable.Range(0, 2500).Select(i => new Customer { Id = $"c{i}", Name = $"n{i}" }).ToList();
        records[2100].Extra = new MemoryStream();

        var ex = await Assert.ThrowsAsync<FieldEncodeException>(() => repo.SaveManyAsync(records, Ct));

        Assert.Equal("smp:customer:c2100:object", ex.Key);
        Assert.Equal("extra", ex.Field);
        Assert.Contains("MemoryStream", ex.Message, StringComparison.Ordinal);
        // The two pages before the bad record's are written whole and indexed; nothing of its page or after.
        Assert.Equal(2000 + 1, (long)(await mux.GetDatabase().ExecuteAsync("DBSIZE")));
        Assert.Equal(2000, await repo.CountAsync(Ct));
        var loaded = await repo.LoadManyAsync(Enumerable.Range(0, 2500).Select(i => (object)$"c{i}"), Ct);
        Assert.All(loaded.Take(2000).Select((c, i) => (c, i)), x => Assert.Equal($"n{x.i}", x.c!.Name));
        Assert.All(loaded.Skip(2000), c => Assert.Null(c));
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
