using System.Text.RegularExpressions;
using Horreum.Orm.Features;
using Horreum.Orm.Modeling;
using Horreum.Orm.Tests.Features.Golden;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Features;

public sealed class IdentifierFeatureTests(RedisFixture redis)
{
    public static TheoryData<string, string> GoldenExtids => new()
    {
        { "customer:01a2372a-369d-74ff-a34a-a6abc7f944ea:object", "ext_%{id}" },
        { "customer:01a2372a-36cc-78c3-929f-95b109b1e39f:object", "ext_%{id}" },
        { "customer:01a2372a-36e9-7a61-bea3-e60a18403d4a:object", "ext_%{id}" },
        { "v4thing:ea5e0f6d-6e42-48d0-96e4-dd717dae5ba4:object", "v4-%{id}" },
    };

    [Theory]
    [MemberData(nameof(GoldenExtids))]
    public void Derive_gives_the_extid_Familia_stored_for_the_golden_objid(string key, string format)
    {
        var hash = FamiliaGolden.HashText(FamiliaGolden.Key(key)).ToDictionary(e => e.Field, e => e.Value);
        var objid = System.Text.Json.JsonSerializer.Deserialize<string>(hash["objid"])!;
        var extid = System.Text.Json.JsonSerializer.Deserialize<string>(hash["extid"])!;

        Assert.Equal(extid, ExternalIdentifierFeature.Derive(objid, format));
    }

    [Fact]
    public async Task Golden_records_load_by_objid_extid_email_and_role()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestorePrefixesAsync(redis.Db, ns, "customer:", "v4thing:", "hex_thing:");
        var customers = client.Repository<Customer>();

        var alice = await customers.FindByExtidAsync("ext_az165pn6w8jix2m0s550kvhpq");
        Assert.NotNull(alice);
        Assert.Equal("01a2372a-369d-74ff-a34a-a6abc7f944ea", alice.Objid);
        Assert.Equal("alice@example.com", alice.Email);
        Assert.Equal(1796221843.09827, alice.Created);
        Assert.Equal("alice@example.com", (await customers.FindByObjidAsync("01a2372a-369d-74ff-a34a-a6abc7f944ea"))!.Email);
        Assert.Equal("01a2372a-36cc-78c3-929f-95b109b1e39f", (await customers.FindByAsync("email_lookup", "bob@example.com"))!.Objid);
        Assert.Null(await customers.FindByAsync("email_lookup", "nobody@example.com"));
        var admins = await customers.FindAllByAsync("role_index", "admin");
        Assert.Equal(["alice@example.com", "bob@example.com"], admins.Select(c => c.Email!).Order(StringComparer.Ordinal));
        Assert.Equal("carol@example.com", Assert.Single(await customers.FindAllByAsync("role", "user")).Email);

        var v4 = await client.Repository<V4Thing>().FindByExtidAsync("v4-d0cdqnbgzka0t8n1036usx8ei");
        Assert.Equal("v4", v4!.Name);
        var hex = await client.Repository<HexThing>().FindByObjidAsync("5a4fa7ea5300afe4a6d560c8b18069b91034af0de9a7728a07e40ba61ed79ca3");
        Assert.Equal("hex", hex!.Name);
    }

    [Fact]
    public async Task Saving_the_golden_customer_writes_the_bytes_Familia_wrote()
    {
        var client = TestClients.Create(redis, out var ns);
        var alice = new Customer
        {
            Objid = "01a2372a-369d-74ff-a34a-a6abc7f944ea", Email = "alice@example.com", Role = "admin", Plan = "pro",
            Created = 1796221843.09827, Updated = 1796221843.09828,
        };
        await client.Repository<Customer>().SaveAsync(alice);

        const string objectKey = "customer:01a2372a-369d-74ff-a34a-a6abc7f944ea:object";
        Assert.Equal(FamiliaGolden.HashText(FamiliaGolden.Key(objectKey)), await HashAsync($"{ns}:{objectKey}"));
        foreach (var lookup in new[] { "customer:objid_lookup", "customer:extid_lookup", "customer:email_lookup" })
        {
            var mine = await HashAsync($"{ns}:{lookup}");
            var golden = FamiliaGolden.HashText(FamiliaGolden.Key(lookup)).Where(e => mine.Any(m => m.Field == e.Field)).ToList();
            Assert.Equal(golden, mine);
            Assert.InRange((await redis.Db.KeyTimeToLiveAsync($"{ns}:{lookup}"))!.Value.TotalSeconds, 3590, 3600);
        }
        Assert.Contains("01a2372a-369d-74ff-a34a-a6abc7f944ea", (await redis.Db.SetMembersAsync($"{ns}:customer:role_index:admin")).Select(m => (string)m!));
        Assert.NotNull(await redis.Db.KeyTimeToLiveAsync($"{ns}:customer:role_index:admin"));
    }

    [Fact]
    public async Task A_new_record_gets_an_objid_from_its_generator_and_the_derived_extid()
    {
        var client = TestClients.Create(redis, out var ns);
        var c = new Customer { Email = "new@example.com" };
        await client.Repository<Customer>().SaveAsync(c);
        Assert.Matches(new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"), c.Objid);
        Assert.Equal(ExternalIdentifierFeature.Derive(c.Objid), c.Extid);
        Assert.Equal($"\"{c.Objid}\"", (string?)await redis.Db.HashGetAsync($"{ns}:customer:extid_lookup", c.Extid));

        var v4 = new V4Thing { Name = "x" };
        await client.Repository<V4Thing>().SaveAsync(v4);
        Assert.Matches(new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"), v4.Objid);
        Assert.StartsWith("v4-", v4.Extid, StringComparison.Ordinal);

        var hex = new HexThing { Name = "h" };
        await client.Repository<HexThing>().SaveAsync(hex);
        Assert.Matches(new Regex("^[0-9a-f]{64}$"), hex.Objid);
        Assert.Equal("h", (await client.Repository<HexThing>().FindByObjidAsync(hex.Objid))!.Name);
        var before = hex.Objid;
        await client.Repository<HexThing>().SaveAsync(hex);
        Assert.Equal(before, hex.Objid);
    }

    [Fact]
    public void A_model_with_an_objid_property_but_not_the_feature_is_rejected()
    {
        var client = new HorreumClient(redis.Multiplexer);
        var ex = Assert.Throws<ModelDefinitionException>(() => client.Repository<NoFeature>());
        Assert.Contains("object_identifier", ex.Message, StringComparison.Ordinal);
    }

    private async Task<List<(string Field, string Value)>> HashAsync(string key) =>
        (await redis.Db.HashGetAllAsync(key)).Select(e => ((string)e.Name!, (string)e.Value!)).ToList();

    public sealed class NoFeature
    {
        [Identifier, ObjectIdentifier] public string Objid { get; set; } = "";
    }
}
