using System.Text;
using Horreum.Orm.Tests.Models;
using Horreum.Orm.Transport;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Transport;

/// <summary>
/// The record pass's reader, on either transport: every record of a model once, each key with its fields' names and
/// values as stored (bytes in the page), a refused read listed apart, and a page's cursor a place to resume from.
/// Given keys (load-many's mode): a window of keys a page, each record at its key's position, absent hashes left out,
/// a refused read listed with its key and command, order kept across windows.
/// </summary>
public sealed class RecordReaderTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<BulkTransportKind> Transports => [BulkTransportKind.Resp, BulkTransportKind.StackExchange];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Every_record_comes_once_with_its_fields_as_stored(BulkTransportKind transport)
    {
        var client = TestClients.Create(redis, out _, transport: transport);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 250).Select(i => new Customer { Id = $"c{i}", Name = $"näme {i}", Age = i }), Ct);

        var seen = new Dictionary<string, Dictionary<string, string>>();
        await using var reader = await repo.OpenRecordReaderAsync(40, "0", Ct);
        var page = new RecordPage();
        var pages = 0;
        while (await reader.ReadPageAsync(page, Ct))
        {
            pages++;
            for (var r = 0; r < page.Count; r++)
            {
                var fields = new Dictionary<string, string>();
                for (var f = 0; f < page.FieldCount(r); f++)
                {
                    fields.Add(page.Name(r, f), Encoding.UTF8.GetString(page.Value(r, f)));
                }
                seen.Add(page.KeyString(r), fields);
            }
        }

        Assert.Equal(250, seen.Count);
        Assert.True(pages >= 250 / 40, $"{pages} pages");
        foreach (var (key, fields) in seen)
        {
            var stored = await client.Database.HashGetAllAsync(key);
            Assert.Equal(stored.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString()), fields);
        }
        Assert.Equal("\"näme 7\"", seen[repo.Keys.ObjectKey("c7")]["name"]);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_byte_level_view_of_a_record_sees_the_same_bytes(BulkTransportKind transport)
    {
        var client = TestClients.Create(redis, out _, transport: transport);
        var repo = client.Repository<Customer>();
        await repo.SaveAsync(new Customer { Id = "b1", Name = "bee", Age = 41 }, Ct);

        await using var reader = await repo.OpenRecordReaderAsync(10, "0", Ct);
        var page = new RecordPage();
        Assert.True(await reader.ReadPageAsync(page, Ct));
        Assert.Equal(1, page.Count);

        Assert.True(Check(page));

        static bool Check(RecordPage page)
        {
            var record = page.Record(0);
            Assert.Equal(page.KeyString(0), record.GetKeyString());
            Assert.Equal(page.FieldCount(0), record.FieldCount);
            Assert.True(record.TryGetValue("age"u8, out var age));
            Assert.Equal("41", Encoding.UTF8.GetString(age));
            return record.TryGetValue("name"u8, out var name) && name.SequenceEqual("\"bee\""u8);
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_key_of_another_type_is_listed_with_its_error_and_the_others_still_come(BulkTransportKind transport)
    {
        var client = TestClients.Create(redis, out _, transport: transport);
        var repo = client.Repository<Customer>();
        await repo.SaveAsync(new Customer { Id = "ok", Age = 1 }, Ct);
        var wrong = repo.Keys.ObjectKey("wrong");
        await client.Database.StringSetAsync(wrong, "a string");

        await using var reader = await repo.OpenRecordReaderAsync(100, "0", Ct);
        var page = new RecordPage();
        var keys = new List<string>();
        var errors = new List<string>();
        while (await reader.ReadPageAsync(page, Ct))
        {
            keys.AddRange(Enumerable.Range(0, page.Count).Select(page.KeyString));
            errors.AddRange(page.Errors.Select(e => e.Key));
            Assert.All(page.Errors, e => Assert.Contains("WRONGTYPE", e.Error.Message, StringComparison.Ordinal));
        }

        Assert.Equal([repo.Keys.ObjectKey("ok")], keys);
        Assert.Equal([wrong], errors);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Reading_again_from_a_page_cursor_gives_the_records_after_it(BulkTransportKind transport)
    {
        var client = TestClients.Create(redis, out _, transport: transport);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 300).Select(i => new Customer { Id = $"r{i}", Age = i }), Ct);

        var page = new RecordPage();
        var first = new HashSet<string>();
        string cursor;
        await using (var reader = await repo.OpenRecordReaderAsync(50, "0", Ct))
        {
            Assert.True(await reader.ReadPageAsync(page, Ct));
            first.UnionWith(Enumerable.Range(0, page.Count).Select(page.KeyString));
            cursor = page.Cursor;
        }
        Assert.NotEqual("0", cursor);
        var rest = new HashSet<string>();
        await using (var reader = await repo.OpenRecordReaderAsync(50, cursor, Ct))
        {
            while (await reader.ReadPageAsync(page, Ct))
            {
                rest.UnionWith(Enumerable.Range(0, page.Count).Select(page.KeyString));
            }
        }

        // SCAN guarantees every key present throughout is returned at least once across the two runs.
        Assert.Equal(300, first.Union(rest).Count());
        Assert.NotEmpty(first);
        Assert.NotEmpty(rest);
    }

    // Every page of the reader: (key position among all keys, key as read, the record's "age" as stored), and the windows.
    private static async Task<(List<(int Position, string Key, string Age)> Records, List<KeyWindow> Windows, List<(string Key, RedisReplyException Error)> Errors)> ReadAllAsync(
        HorreumClient client, IReadOnlyList<string> keys)
    {
        var records = new List<(int, string, string)>();
        var windows = new List<KeyWindow>();
        var errors = new List<(string, RedisReplyException)>();
        await using var reader = await client.RecordTransport.OpenKeysReaderAsync(keys, Ct);
        var page = new RecordPage();
        while (await reader.ReadPageAsync(page, Ct))
        {
            windows.Add(page.Window);
            errors.AddRange(page.Errors);
            for (var r = 0; r < page.Count; r++)
            {
                Assert.True(page.Record(r).TryGetValue("age"u8, out var age));
                records.Add((page.Window.Start + page.Position(r), page.KeyString(r), Encoding.UTF8.GetString(age)));
            }
        }
        return (records, windows, errors);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Each_record_comes_at_its_keys_position_across_windows_with_absent_keys_left_out(BulkTransportKind transport)
    {
        // Windows of 4 keys; on RESP more windows than the pipeline depth (8), so several are in flight at once.
        var client = TestClients.Create(redis, out _, batchSize: 4, transport: transport);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 60).Where(i => i % 5 != 3).Select(i => new Customer { Id = $"k{i}", Age = i }), Ct);
        // Repeats and absent ids among them, out of stored order.
        var ids = Enumerable.Range(0, 60).Reverse().Concat([7, 7, 3]).ToList();
        var keys = ids.Select(i => repo.Keys.ObjectKey($"k{i}")).ToList();

        var (records, windows, errors) = await ReadAllAsync(client, keys);

        Assert.Equal(client.RecordTransport.Name, transport == BulkTransportKind.Resp ? "resp" : "se-batch");
        Assert.Empty(errors);
        Assert.Equal(Enumerable.Range(0, 16).Select(w => (w * 4, Math.Min(4, keys.Count - (w * 4)))), windows.Select(w => (w.Start, w.Count)));
        var expected = ids.Select((id, position) => (id, position)).Where(x => x.id % 5 != 3).Select(x => (x.position, keys[x.position], x.id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, records);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_refused_key_is_listed_with_its_key_and_command_and_the_others_still_come(BulkTransportKind transport)
    {
        var client = TestClients.Create(redis, out _, batchSize: 3, transport: transport);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 6).Select(i => new Customer { Id = $"k{i}", Age = i }), Ct);
        var wrong = repo.Keys.ObjectKey("k4");
        await client.Database.KeyDeleteAsync(wrong);
        await client.Database.ListRightPushAsync(wrong, "x");
        var keys = Enumerable.Range(0, 6).Select(i => repo.Keys.ObjectKey($"k{i}")).ToList();

        var (records, windows, errors) = await ReadAllAsync(client, keys);

        var (key, error) = Assert.Single(errors);
        Assert.Equal(wrong, key);
        Assert.Equal(wrong, error.Key);
        Assert.Equal("HGETALL", error.Command);
        Assert.StartsWith("WRONGTYPE", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal([0, 1, 2, 3, 5], records.Select(r => r.Position));
        Assert.Equal(2, windows.Count);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task LoadMany_over_either_transport_keeps_order_and_nulls_across_windows(BulkTransportKind transport)
    {
        var observer = new RecordingObserver();
        var client = TestClients.Create(redis, out _, observer: observer, batchSize: 4, transport: transport, bulkThreshold: 1);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 40).Where(i => i % 3 != 0).Select(i => new Customer { Id = $"m{i}", Age = i }), Ct);
        observer.Pipelines.Clear();
        var rentals = client.BulkPool?.Rentals ?? 0;
        var ids = Enumerable.Range(0, 40).Reverse().Append(5).ToList();

        var loaded = await repo.LoadManyAsync(ids.Select(i => (object)$"m{i}"), Ct);

        Assert.Equal(ids.Select(i => i % 3 == 0 ? null : $"m{i}"), loaded.Select(c => c?.Id));
        Assert.All(loaded.Where(c => c is not null), c => Assert.Equal(c!.Id, $"m{c.Age}"));
        Assert.Equal([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1], observer.Pipelines.Where(p => p.Operation == "load-many").Select(p => p.Commands));
        if (transport == BulkTransportKind.Resp)
        {
            Assert.Equal(rentals + 1, client.BulkPool!.Rentals);
        }
        else
        {
            Assert.Null(client.BulkPool);
        }
    }
}
