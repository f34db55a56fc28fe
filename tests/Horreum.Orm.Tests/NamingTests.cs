using Horreum.Orm.Modeling;
using Horreum.TestKit;

namespace Horreum.Orm.Tests;

public sealed record NestedDeep(int X, string? S, NestedDeep? Deep, double DblNaN);

public sealed class NamingHolder
{
    [Identifier] public string Id { get; set; } = "";
    public NestedDeep? Inner { get; set; }
    public Dictionary<string, int?>? Map { get; set; }
    public double DblNaN { get; set; }
    public string? HTTPServerName { get; set; }
}

/// <summary>Issue 15 item 9: one naming rule at every depth, acronyms as people write them.</summary>
public sealed class NamingTests(RedisFixture redis)
{
    [Theory]
    [InlineData("FullName", "full_name")]
    [InlineData("HTTPServer", "http_server")]
    [InlineData("UserID", "user_id")]
    [InlineData("DblNaN", "dbl_nan")]
    [InlineData("NaNCount", "nan_count")]
    [InlineData("IPv4Address", "ipv4_address")]
    [InlineData("OAuthToken", "oauth_token")]
    [InlineData("GraphQLAPI", "graphql_api")]
    [InlineData("Item2Count", "item2_count")]
    [InlineData("Id", "id")]
    public void ToSnakeCase_keeps_acronyms_whole(string name, string expected) =>
        Assert.Equal(expected, Naming.ToSnakeCase(name));

    [Theory]
    [InlineData("Item2Count", "item2count")]
    [InlineData("HTTPServer2Config", "http_server2config")]
    [InlineData("V4Thing", "v4thing")]
    [InlineData("HexThing", "hex_thing")]
    [InlineData("ValueSample", "value_sample")]
    [InlineData("Session2", "session2")]
    [InlineData("TagsArr", "tags_arr")]
    public void ToFamiliaSnakeCase_matches_the_prefixes_Familia_wrote(string name, string expected) =>
        Assert.Equal(expected, Naming.ToFamiliaSnakeCase(name));

    [Fact]
    public async Task Nested_objects_use_the_field_rule_and_leave_out_nulls_at_every_depth()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<NamingHolder>();
        await repo.SaveAsync(new NamingHolder
        {
            Id = "n1",
            Inner = new NestedDeep(5, "007", new NestedDeep(6, null, null, 1.5), 2.5),
            Map = new() { ["KeepMe"] = null, ["x"] = 1 },
            DblNaN = 0.5,
            HTTPServerName = "h",
        });
        var hash = (await redis.Db.HashGetAllAsync($"{ns}:naming_holder:n1:object")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        Assert.Equal("{\"x\":5,\"s\":\"007\",\"deep\":{\"x\":6,\"dbl_nan\":1.5},\"dbl_nan\":2.5}", hash["inner"]);
        Assert.Equal("{\"KeepMe\":null,\"x\":1}", hash["map"]);
        Assert.Equal("0.5", hash["dbl_nan"]);
        Assert.Equal("\"h\"", hash["http_server_name"]);
        var loaded = await repo.LoadAsync("n1");
        Assert.Equal(new NestedDeep(5, "007", new NestedDeep(6, null, null, 1.5), 2.5), loaded!.Inner);
    }
}
