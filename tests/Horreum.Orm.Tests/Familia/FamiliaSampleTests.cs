using System.Text.Json;
using FamiliaInterop;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Familia;

/// <summary>Issue 16 item 7: the sample's export prints every object Ruby Familia wrote; write then export prints the same lines.</summary>
public sealed class FamiliaSampleTests(RedisFixture redis)
{
    private static readonly string[] s_mirrored = ["ValueSample", "Widget", "Item2Count", "Acme::HTTPServer2Config", "CustomKeyed", "Session2"];

    [Fact]
    public async Task Export_prints_every_object_of_the_golden_dump()
    {
        var client = TestClients.Create(redis, out var ns);
        await GoldenData.RestoreAsync(redis.Db, ns);
        var lines = await InteropCommands.ExportAsync(client);

        var printed = lines.Select(l => JsonDocument.Parse(l).RootElement).Select(e => (e.GetProperty("model").GetString()!, e.GetProperty("id").GetString()!)).ToList();
        var expected = LoadedText.Objects.Where(o => s_mirrored.Contains(o.RubyClass))
            .Select(o => (o.RubyClass[(o.RubyClass.LastIndexOf(':') + 1)..], o.Identifier)).ToList();
        Assert.Equal(62, expected.Count);
        Assert.Equal(expected.Order(), printed.Order());

        // Fields are keyed by the Ruby names, nil fields left out, values as the JSON Familia stored.
        Assert.Contains("{\"model\":\"Item2Count\",\"id\":\"ünï 🙂\",\"fields\":{\"id\":\"ünï 🙂\",\"qty\":30}}", lines);
        Assert.Contains("{\"model\":\"ValueSample\",\"id\":\"f_1e20\",\"fields\":{\"case_id\":\"f_1e20\",\"v\":1e+20}}", lines);
        Assert.Contains("{\"model\":\"ValueSample\",\"id\":\"n_nil\",\"fields\":{\"case_id\":\"n_nil\"}}", lines);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    public async Task Write_then_export_prints_the_same_lines(int seed)
    {
        var client = TestClients.Create(redis, out _);
        var written = await InteropCommands.WriteAsync(client, seed);
        Assert.True(written.Count > 50, $"only {written.Count} objects written");
        var exported = await InteropCommands.ExportAsync(client);
        Assert.Equal(written, exported);
    }
}
