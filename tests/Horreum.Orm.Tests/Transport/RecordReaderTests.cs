using System.Text;
using Horreum.Orm.Tests.Models;
using Horreum.Orm.Transport;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Transport;

/// <summary>
/// The record pass's reader, on either transport: every record of a model once, each key with its fields' names and
/// values as stored (bytes in the page), a refused read listed apart, and a page's cursor a place to resume from.
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
}
