using System.Text;
using System.Text.Json;
using Horreum.Orm.Encryption;
using Horreum.Orm.Instrumentation;
using Horreum.Orm.Modeling;
using Horreum.Orm.Tests.Features.Golden;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Features;

public sealed class EncryptedFieldTests(RedisFixture redis)
{
    private static readonly byte[] s_goldenKey = Encoding.ASCII.GetBytes("golden-familia-key-0123456789abc");

    private HorreumClient Client(out string ns, RecordingObserver? observer = null, Action<EncryptionOptions>? keys = null)
    {
        var client = TestClients.Create(redis, out ns, observer: observer);
        if (keys is null)
        {
            client.Options.Encryption.AddKey("v1", s_goldenKey);
        }
        else
        {
            keys(client.Options.Encryption);
        }
        return client;
    }

    [Fact]
    public async Task The_golden_vault_decrypts_with_the_golden_key()
    {
        var client = Client(out var ns);
        await FamiliaGolden.RestorePrefixesAsync(redis.Db, ns, "vault:");

        var vault = await client.Repository<Vault>().LoadAsync("v1");

        Assert.Equal("main", vault!.Label);
        Assert.Equal("s3cr3t 🙂", vault.Secret!.Reveal());
        Assert.Equal("1234", vault.Pin!.Reveal());
        Assert.Null(vault.Password);
    }

    [Fact]
    public void The_test_recipe_itself_decrypts_the_golden_envelopes()
    {
        // The independent path must agree with what Ruby wrote before it may judge what we write.
        var hash = FamiliaGolden.HashText(FamiliaGolden.Key("vault:v1:object")).ToDictionary(e => e.Field, e => e.Value);
        Assert.Equal("s3cr3t 🙂", IndependentSodium.Decrypt(hash["secret"], s_goldenKey, "Vault:secret:v1"));
        Assert.Equal("1234", IndependentSodium.Decrypt(hash["pin"], s_goldenKey, "Vault:pin:v1", ["main"]));
        Assert.Null(IndependentSodium.Decrypt(hash["pin"], s_goldenKey, "Vault:pin:v1", ["other"]));
    }

    [Fact]
    public async Task Envelopes_we_write_have_Familias_shape_and_decrypt_with_Familias_recipe()
    {
        var client = Client(out var ns);
        await client.Repository<Vault>().SaveAsync(new Vault
        {
            Vid = "v9", Label = "main", Secret = ConcealedString.From("s3cr3t 🙂"), Pin = ConcealedString.From("1234"),
            Password = new RedactedString("hunter2"),
        });

        var stored = (await redis.Db.HashGetAllAsync($"{ns}:vault:v9:object")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        Assert.Equal(["label", "pin", "secret", "vid"], stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("s3cr3t 🙂", IndependentSodium.Decrypt(stored["secret"], s_goldenKey, "Vault:secret:v9"));
        Assert.Equal("1234", IndependentSodium.Decrypt(stored["pin"], s_goldenKey, "Vault:pin:v9", ["main"]));
        var golden = FamiliaGolden.HashText(FamiliaGolden.Key("vault:v1:object")).ToDictionary(e => e.Field, e => e.Value);
        foreach (var field in new[] { "secret", "pin" })
        {
            using var mine = JsonDocument.Parse(stored[field]);
            using var theirs = JsonDocument.Parse(golden[field]);
            Assert.Equal(theirs.RootElement.EnumerateObject().Select(p => p.Name), mine.RootElement.EnumerateObject().Select(p => p.Name));
            foreach (var name in new[] { "algorithm", "key_version", "encoding", "envelope_version", "aad_fields" })
            {
                Assert.Equal(theirs.RootElement.TryGetProperty(name, out var t) ? t.GetRawText() : null,
                    mine.RootElement.TryGetProperty(name, out var m) ? m.GetRawText() : null);
            }
            Assert.Equal(24, Convert.FromBase64String(mine.RootElement.GetProperty("nonce").GetString()!).Length);
        }
        Assert.DoesNotContain(stored.Values, v => v.Contains("hunter2", StringComparison.Ordinal) || v.Contains("1234", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Secrets_never_print_and_transient_values_are_never_stored_or_logged()
    {
        var observer = new RecordingObserver();
        var client = Client(out var ns, observer);
        var vault = new Vault { Vid = "p", Label = "l", Secret = ConcealedString.From("topsecret"), Password = new RedactedString("hunter2") };
        await client.Repository<Vault>().SaveAsync(vault);
        var loaded = await client.Repository<Vault>().LoadAsync("p");

        Assert.Equal("[CONCEALED]", loaded!.Secret!.ToString());
        Assert.Equal("[CONCEALED]", $"{loaded.Secret}");
        Assert.Equal("[REDACTED]", vault.Password.ToString());
        Assert.Equal("{\"s\":\"[CONCEALED]\",\"p\":\"[REDACTED]\"}", JsonSerializer.Serialize(new { s = loaded.Secret, p = vault.Password }));
        Assert.Equal("topsecret", loaded.Secret.Reveal());
        Assert.Equal("hunter2", vault.Password.Reveal());
        var everything = string.Join("\n", (await redis.KeysAsync(ns)).Select(k => k + "=" + Dump(k)))
            + string.Join("\n", observer.Commands.Select(c => c.ToString())) + string.Join("\n", observer.Errors.Select(e => e.ToString()));
        Assert.DoesNotContain("hunter2", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_or_missing_key_fails_naming_the_field_and_version_never_the_plaintext()
    {
        var client = Client(out var ns);
        await FamiliaGolden.RestorePrefixesAsync(redis.Db, ns, "vault:");
        var wrong = TestClients.Create(redis, out _);
        wrong.Options.KeyNamespace = ns;
        wrong.Options.Encryption.AddKey("v1", new byte[32]);
        var none = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns });

        var bad = await wrong.Repository<Vault>().LoadAsync("v1");
        var ex = Assert.Throws<EncryptionException>(() => bad!.Secret!.Reveal());
        Assert.Contains("secret", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'v1'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", ex.ToString(), StringComparison.Ordinal);
        var missing = await none.Repository<Vault>().LoadAsync("v1");
        Assert.Contains("no key for version 'v1'", Assert.Throws<EncryptionException>(() => missing!.Pin!.Reveal()).Message, StringComparison.Ordinal);
        var before = await redis.DigestAsync(ns);
        await Assert.ThrowsAsync<EncryptionException>(() => none.Repository<Vault>().SaveAsync(new Vault { Vid = "n", Secret = ConcealedString.From("x") }));
        Assert.Equal(before, await redis.DigestAsync(ns));
    }

    [Fact]
    public async Task Changing_an_aad_field_re_encrypts_so_the_value_still_decrypts()
    {
        var client = Client(out var ns);
        await FamiliaGolden.RestorePrefixesAsync(redis.Db, ns, "vault:");
        var repo = client.Repository<Vault>();
        var vault = await repo.LoadAsync("v1");
        vault!.Label = "renamed";
        await repo.SaveAsync(vault);

        var pin = (string)(await redis.Db.HashGetAsync($"{ns}:vault:v1:object", "pin"))!;
        Assert.Equal("1234", IndependentSodium.Decrypt(pin, s_goldenKey, "Vault:pin:v1", ["renamed"]));
        Assert.Equal("1234", (await repo.LoadAsync("v1"))!.Pin!.Reveal());
    }

    [Fact]
    public void Model_rules_reject_plain_types_for_secrets()
    {
        var client = new HorreumClient(redis.Multiplexer);
        Assert.Contains("RedactedString", Assert.Throws<ModelDefinitionException>(() => client.Repository<BadTransient>()).Message, StringComparison.Ordinal);
        Assert.Contains("ConcealedString", Assert.Throws<ModelDefinitionException>(() => client.Repository<BadEncrypted>()).Message, StringComparison.Ordinal);
    }

    private string Dump(string key) => redis.Db.KeyType(key) == StackExchange.Redis.RedisType.Hash
        ? string.Join(",", redis.Db.HashGetAll(key).Select(e => $"{e.Name}={e.Value}"))
        : "";

    [Feature("transient_fields")]
    public sealed class BadTransient
    {
        [Identifier] public string Id { get; set; } = "";
        [Transient] public string? Password { get; set; }
    }

    [Feature("encrypted_fields")]
    public sealed class BadEncrypted
    {
        [Identifier] public string Id { get; set; } = "";
        [Encrypted] public string? Secret { get; set; }
    }
}
