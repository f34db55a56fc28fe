using Horreum.Orm.Features;
using Horreum.Orm.Modeling;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Features;

[Feature("audit")]
public sealed class Audited
{
    [Identifier] public string Id { get; set; } = "";
    public string? Name { get; set; }
    [System.Text.Json.Serialization.JsonIgnore] public string? LoadedFrom { get; set; }
}

/// <summary>A feature using every hook: marks loaded records, refuses to destroy ids starting with "keep".</summary>
internal sealed class AuditFeature : IModelFeature
{
    public int Saves { get; private set; }

    public string Name => "audit";

    public void Check(ModelMetadata model)
    {
    }

    public void OnSaving(SaveContext context) => Saves++;

    public void OnLoaded(LoadContext context) => ((Audited)context.Instance).LoadedFrom = context.Key;

    public void OnDestroying(DestroyContext context)
    {
        if (context.RawId.StartsWith("keep", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{context.Key} is kept");
        }
    }
}

/// <summary>Features get the record's whole life: saving, loading (every read path) and destroying.</summary>
public sealed class FeatureHookTests(RedisFixture redis)
{
    [Fact]
    public async Task Loading_hook_runs_on_every_read_path_and_destroying_hook_can_refuse_before_anything_is_deleted()
    {
        var ns = RedisFixture.Prefix();
        var feature = new AuditFeature();
        var options = new HorreumOptions { KeyNamespace = ns, BulkThreshold = 2 };
        options.Features.Register(feature);
        var repo = new HorreumClient(redis.Multiplexer, options).Repository<Audited>();
        var ct = TestContext.Current.CancellationToken;
        await repo.SaveManyAsync([new Audited { Id = "a", Name = "x" }, new Audited { Id = "keep1", Name = "y" }], ct);
        Assert.Equal(2, feature.Saves);

        Assert.Equal($"{ns}:audited:a:object", (await repo.LoadAsync("a", ct))!.LoadedFrom);
        Assert.All(await repo.LoadManyAsync(["a", "keep1"], ct), r => Assert.Equal($"{ns}:audited:{r!.Id}:object", r.LoadedFrom));
        var refreshed = new Audited { Id = "a" };
        Assert.True(await repo.RefreshAsync(refreshed, ct));
        Assert.Equal($"{ns}:audited:a:object", refreshed.LoadedFrom);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => repo.DestroyByIdAsync("keep1", ct));
        Assert.Contains($"{ns}:audited:keep1:object", refused.Message, StringComparison.Ordinal);
        Assert.True(await repo.ExistsAsync("keep1", ct));
        Assert.True(await repo.DestroyByIdAsync("a", ct));
        Assert.False(await repo.ExistsAsync("a", ct));
    }
}
