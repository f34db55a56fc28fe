using System.Text.Json;
using FamiliaInterop;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Familia;

/// <summary>Issue 16 item 7: the sample's export prints every object Ruby Familia wrote; write then export prints the same lines.</summary>
public sealed class FamiliaSampleTests(RedisFixture redis)
{
    private static readonly string[] s_mirrored = ["ValueSample", "Widget", "Item2Count", "Acme::HTTPServer2Config", "CustomKeyed", "Session2", "Team", "Customer", "HexThing", "V4Thing", "Vault"];

    /// <summary>The golden master key (README: base64 of "golden-familia-key-0123456789abc").</summary>
    private const string GoldenKey = "v1:Z29sZGVuLWZhbWlsaWEta2V5LTAxMjM0NTY3ODlhYmM=";

    [Fact]
    public async Task Export_prints_every_object_of_the_golden_dump()
    {
        var client = TestClients.Create(redis, out var ns);
        client.Options.Encryption.AddKey(GoldenKey);
        await FamiliaGolden.RestoreAsync(redis.Db, ns);
        var lines = await InteropCommands.ExportAsync(client);

        var printed = lines.Select(l => JsonDocument.Parse(l).RootElement).Select(e => (e.GetProperty("model").GetString()!, e.GetProperty("id").GetString()!)).ToList();
        var expected = LoadedText.Objects.Where(o => s_mirrored.Contains(o.RubyClass))
            .Select(o => (o.RubyClass[(o.RubyClass.LastIndexOf(':') + 1)..], o.Identifier)).ToList();
        Assert.Equal(69, expected.Count);
        Assert.Equal(expected.Order(), printed.Order());

        // Fields are keyed by the Ruby names, nil fields left out, values as the JSON Familia stored.
        Assert.Contains("{\"model\":\"Item2Count\",\"id\":\"ünï 🙂\",\"fields\":{\"id\":\"ünï 🙂\",\"qty\":30}}", lines);
        Assert.Contains("{\"model\":\"ValueSample\",\"id\":\"f_1e20\",\"fields\":{\"case_id\":\"f_1e20\",\"v\":1e+20}}", lines);
        Assert.Contains("{\"model\":\"ValueSample\",\"id\":\"n_nil\",\"fields\":{\"case_id\":\"n_nil\"}}", lines);

        // Issue 17's models: identifiers as Ruby made them, encrypted fields as their plaintext, the transient never.
        Assert.Contains("{\"model\":\"V4Thing\",\"id\":\"ea5e0f6d-6e42-48d0-96e4-dd717dae5ba4\",\"fields\":{\"objid\":\"ea5e0f6d-6e42-48d0-96e4-dd717dae5ba4\",\"extid\":\"v4-d0cdqnbgzka0t8n1036usx8ei\",\"name\":\"v4\"}}", lines);
        Assert.Contains("{\"model\":\"Vault\",\"id\":\"v1\",\"fields\":{\"vid\":\"v1\",\"label\":\"main\",\"secret\":\"s3cr3t 🙂\",\"pin\":\"1234\"}}", lines);
        Assert.Contains(lines, l => l.Contains("\"extid\":\"ext_az165pn6w8jix2m0s550kvhpq\"", StringComparison.Ordinal) && l.Contains("\"email\":\"alice@example.com\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_master_key_vaults_are_skipped_with_a_note_and_nothing_else_changes()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestoreAsync(redis.Db, ns);
        var notes = new List<string>();

        var lines = await InteropCommands.ExportAsync(client, notes.Add);

        Assert.Equal(68, lines.Count);
        Assert.DoesNotContain(lines, l => l.StartsWith("{\"model\":\"Vault\"", StringComparison.Ordinal));
        var note = Assert.Single(notes);
        Assert.Contains("--encryption-key", note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    public async Task Write_then_export_prints_the_same_lines(int seed)
    {
        var client = TestClients.Create(redis, out var ns);
        client.Options.Encryption.AddKey(GoldenKey);
        var written = await InteropCommands.WriteAsync(client, seed);
        Assert.True(written.Count > 60, $"only {written.Count} objects written");
        Assert.Contains(written, l => l.StartsWith("{\"model\":\"Vault\"", StringComparison.Ordinal) && l.Contains("\"secret\":", StringComparison.Ordinal));
        Assert.Contains(written, l => l.StartsWith("{\"model\":\"Customer\"", StringComparison.Ordinal) && l.Contains("\"extid\":\"ext_", StringComparison.Ordinal));
        var exported = await InteropCommands.ExportAsync(client);
        Assert.Equal(written, exported);

        // The transient password is in no line and in no stored byte; every customer is a member of a team.
        Assert.DoesNotContain(written, l => l.Contains("hunter2", StringComparison.Ordinal));
        var server = redis.Multiplexer.GetServer(redis.Multiplexer.GetEndPoints()[0]);
        foreach (var key in server.Keys(pattern: ns + ":vault:*:object"))
        {
            Assert.DoesNotContain((await redis.Db.HashGetAllAsync(key)).Select(e => (string?)e.Value), v => v!.Contains("hunter2", StringComparison.Ordinal));
        }
        var customers = written.Count(l => l.StartsWith("{\"model\":\"Customer\"", StringComparison.Ordinal));
        long members = 0;
        foreach (var key in server.Keys(pattern: ns + ":team:*:members"))
        {
            members += await redis.Db.SortedSetLengthAsync(key);
        }
        Assert.Equal(customers, members);
    }
}
