using System.Text;
using Horreum.Orm.Encryption;
using Horreum.Orm.Modeling;
using Horreum.Orm.Tests.Features;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Familia;

/// <summary>A model in a Ruby module (<c>Acme::Vault</c>): Familia's encryption context is the full class name.</summary>
[Model(Profile = StorageProfile.Familia, ClassName = "Acme::Vault")]
[Feature("encrypted_fields"), Feature("expiration"), Expiration(600)]
public sealed class AcmeVault
{
    [Identifier] public string Vid { get; set; } = "";
    public string? Label { get; set; }
    [Encrypted] public ConcealedString? Secret { get; set; }
    public DateTimeOffset? Created { get; set; }
    public DateTimeOffset? Updated { get; set; }
}

public sealed class FamiliaClassNameTests(RedisFixture redis)
{
    private static readonly byte[] s_key = Encoding.ASCII.GetBytes("golden-familia-key-0123456789abc");

    [Fact]
    public void The_prefix_comes_from_the_last_segment_of_the_Ruby_class_name()
    {
        Assert.Equal("vault", ModelMetadata.For<AcmeVault>().Prefix);
        Assert.Equal("Acme::Vault", ModelMetadata.For<AcmeVault>().ClassName);
        Assert.Equal("http_server2config", ModelMetadata.For<FamiliaInterop.Models.HTTPServer2Config>().Prefix);
    }

    [Fact]
    public async Task Encrypted_fields_use_the_Ruby_class_name_with_its_modules_as_context_beside_timestamps_and_ttl()
    {
        var client = TestClients.Create(redis, out var ns);
        client.Options.Encryption.AddKey("v1", s_key);
        var repo = client.Repository<AcmeVault>();
        await repo.SaveAsync(new AcmeVault { Vid = "a1", Label = "main", Secret = ConcealedString.From("s3cr3t 🙂") });

        var key = $"{ns}:vault:a1:object";
        var stored = (await redis.Db.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        // Familia's recipe (independent libsodium): context "Acme::Vault:secret:a1"; the bare type name does not decrypt it.
        Assert.Equal("s3cr3t 🙂", IndependentSodium.Decrypt(stored["secret"], s_key, "Acme::Vault:secret:a1"));
        Assert.Null(IndependentSodium.Decrypt(stored["secret"], s_key, "AcmeVault:secret:a1"));
        // The profile's timestamps and the model's TTL apply together with the feature.
        Assert.Matches(@"^\d{10}\.\d+$", stored["created"]);
        Assert.Matches(@"^\d{10}\.\d+$", stored["updated"]);
        Assert.InRange((await redis.Db.KeyTimeToLiveAsync(key))!.Value.TotalSeconds, 590, 600);
        Assert.InRange((await redis.Db.KeyTimeToLiveAsync($"{ns}:vault:instances"))!.Value.TotalSeconds, 590, 600);
        Assert.Equal("s3cr3t 🙂", (await repo.LoadAsync("a1"))!.Secret!.Reveal());
    }
}
