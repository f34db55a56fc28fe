using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using Horreum.TestKit;
// The sample's mirrors of models.rb, already under the Familia profile (samples/FamiliaInterop/Models).
using FamiliaCustomer = FamiliaInterop.Models.Customer;
using FamiliaTeam = FamiliaInterop.Models.Team;

namespace Horreum.Orm.Tests.Familia;

/// <summary>Issue 17 under issue 16's profile: the features' keys, the timestamps and every TTL as Familia wrote them.</summary>
public sealed class FamiliaFeatureInterplayTests(RedisFixture redis)
{
    [Fact]
    public async Task Customers_with_features_save_the_bytes_and_ttls_Familia_wrote()
    {
        var clock = new SettableClock();
        var client = TestClients.Create(redis, out var ns, clock: clock);
        var customers = client.Repository<FamiliaCustomer>();
        // The golden objids (Familia generated them) and created times; updated is the save's clock, as in Ruby.
        var rows = new[]
        {
            ("01a2372a-369d-74ff-a34a-a6abc7f944ea", "alice@example.com", "admin", "pro", 1796221843.09827, 1796221843.09828),
            ("01a2372a-36cc-78c3-929f-95b109b1e39f", "bob@example.com", "admin", "free", 1796221843.14398, 1796221843.14399),
            ("01a2372a-36e9-7a61-bea3-e60a18403d4a", "carol@example.com", "user", (string?)null, 1796221843.17466, 1796221843.17467),
        };
        var saved = new List<FamiliaCustomer>();
        foreach (var (objid, email, role, plan, created, updated) in rows)
        {
            clock.Now = FamiliaTime.FromEpochSeconds(updated);
            var customer = new FamiliaCustomer { Objid = objid, Email = email, Role = role, Plan = plan, Created = created };
            await customers.SaveAsync(customer);
            saved.Add(customer);
        }
        await client.Repository<FamiliaTeam>().SaveAsync(new FamiliaTeam { TeamId = "red", Name = "Red Team" });
        await customers.AddToAsync<FamiliaTeam>(saved[0], "red", "members");
        await customers.AddToAsync<FamiliaTeam>(saved[1], "red", "members");
        await saved[0].History!.AddAsync("login");
        await saved[0].Flags!.AddAsync("beta");

        foreach (var golden in FamiliaGolden.Dump.Where(k => k.Key.StartsWith("customer:", StringComparison.Ordinal)))
        {
            // A participations member names the collection's full key, so under a key namespace it carries the namespace.
            var expected = golden.Key.EndsWith(":participations", StringComparison.Ordinal)
                ? golden with { Members = [.. golden.Members.Select(m => System.Text.Encoding.UTF8.GetBytes(FamiliaGolden.Text(m).Replace("\"team:", $"\"{ns}:team:", StringComparison.Ordinal)))] }
                : golden;
            await GoldenData.AssertSameAsync(redis, expected, ns);
        }
        // Ruby scores a member by its in-memory Float (…0982656); we by the stored created (…09827): members match.
        var members = await GoldenData.ZsetAsync(redis.Db, $"{ns}:team:red:members");
        Assert.Equal(FamiliaGolden.Key("team:red:members").Scored.Select(m => FamiliaGolden.Text(m.Member)), members.Select(m => m.Member));
        Assert.Equal(FamiliaGolden.HashText(FamiliaGolden.Key("team:red:object")), await GoldenData.HashAsync(redis.Db, $"{ns}:team:red:object"));
    }

    [Fact]
    public async Task The_golden_customers_load_and_are_found_by_email_extid_and_role()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestoreAsync(redis.Db, ns, which: k => k.StartsWith("customer:", StringComparison.Ordinal) || k.StartsWith("team:", StringComparison.Ordinal));
        var customers = client.Repository<FamiliaCustomer>();
        var alice = await customers.LoadAsync("01a2372a-369d-74ff-a34a-a6abc7f944ea");
        Assert.Equal("ext_az165pn6w8jix2m0s550kvhpq", alice!.Extid);
        Assert.Equal(1796221843.09827, alice.Created);
        Assert.Equal(["login"], await alice.History!.RangeAsync());
        Assert.Equal("pro", (await customers.FindByAsync("email_lookup", "alice@example.com"))!.Plan);
        Assert.Equal(2, (await customers.FindAllByAsync("role_index", "admin")).Count);
        Assert.Equal("bob@example.com", (await customers.FindByExtidAsync("ext_1tjj97t0hl62mb66bs390sak5"))!.Email);
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
