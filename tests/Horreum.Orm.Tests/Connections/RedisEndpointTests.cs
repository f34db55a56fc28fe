using System.Collections;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Horreum.Orm.Connections;

namespace Horreum.Orm.Tests.Connections;

/// <summary>Where Redis is: one parser for URLs, configuration strings and the environment, and the masking of its secrets.</summary>
public sealed class RedisEndpointTests
{
    [Fact]
    public void Parse_url_with_user_password_and_database_reads_every_part()
    {
        var endpoint = RedisEndpoint.Parse("redis://app:p%40ss%3Aw0rd@cache.local:6380/3");
        Assert.Equal("cache.local", endpoint.Host);
        Assert.Equal(6380, endpoint.Port);
        Assert.Equal("app", endpoint.User);
        Assert.Equal("p@ss:w0rd", endpoint.Password);
        Assert.Equal(3, endpoint.Database);
        Assert.False(endpoint.Tls);
        Assert.Equal("redis://app:***@cache.local:6380/3", endpoint.Display);
    }

    [Fact]
    public void Parse_rediss_url_turns_tls_on_and_defaults_port_and_database()
    {
        var endpoint = RedisEndpoint.Parse("rediss://:pw@127.0.0.1");
        Assert.True(endpoint.Tls);
        Assert.Equal(6379, endpoint.Port);
        Assert.Equal(0, endpoint.Database);
        Assert.Null(endpoint.User);
        Assert.Equal("pw", endpoint.Password);
        Assert.Equal("rediss://:***@127.0.0.1:6379/0", endpoint.Display);
    }

    [Fact]
    public void Parse_ipv6_host_keeps_the_address()
    {
        var endpoint = RedisEndpoint.Parse("redis://[::1]:7000");
        Assert.Equal("::1", endpoint.Host);
        Assert.Equal(7000, endpoint.Port);
        Assert.Equal("redis://[::1]:7000/0", endpoint.Display);
    }

    [Fact]
    public void Parse_stackexchange_configuration_string_reads_user_password_tls_and_database()
    {
        var endpoint = RedisEndpoint.Parse("127.0.0.1:7001,user=app,password=s3cret,ssl=true,defaultDatabase=2,abortConnect=false");
        Assert.Equal("127.0.0.1", endpoint.Host);
        Assert.Equal(7001, endpoint.Port);
        Assert.Equal("app", endpoint.User);
        Assert.Equal("s3cret", endpoint.Password);
        Assert.True(endpoint.Tls);
        Assert.Equal(2, endpoint.Database);
        Assert.DoesNotContain("s3cret", endpoint.Display, StringComparison.Ordinal);
        // Options the string carried beyond ours are kept for StackExchange.Redis.
        Assert.False(endpoint.ToConfigurationOptions(new RedisTlsOptions(), TimeSpan.FromSeconds(5)).AbortOnConnectFail);
    }

    [Fact]
    public void Parse_host_port_shorthand_is_a_plain_endpoint()
    {
        var endpoint = RedisEndpoint.Parse("localhost:6390");
        Assert.Equal(("localhost", 6390), (endpoint.Host, endpoint.Port));
        Assert.Null(endpoint.Password);
    }

    [Theory]
    [InlineData("http://u:topsecret@h:1", "scheme")]
    [InlineData("redis://u:topsecret@h:1/abc", "database")]
    [InlineData("redis://u:topsecret@h:1/0?ssl=true", "query")]
    [InlineData("redis://u:topsecret@:1", "host")]
    public void Parse_bad_url_names_the_problem_without_the_password(string url, string word)
    {
        var ex = Assert.Throws<ArgumentException>(() => RedisEndpoint.Parse(url));
        Assert.Contains(word, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("topsecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_prefers_redis_url_then_the_parts()
    {
        var env = new Hashtable { ["REDIS_URL"] = "redis://:a@h1:1", ["REDIS_HOST"] = "h2" };
        Assert.Equal("h1", RedisEndpoint.FromEnvironment(env)!.Host);
        var parts = new Hashtable
        {
            ["REDIS_HOST"] = "h2", ["REDIS_PORT"] = "6400", ["REDIS_USERNAME"] = "app", ["REDIS_PASSWORD"] = "pw",
            ["REDIS_DATABASE"] = "4", ["REDIS_TLS"] = "true",
        };
        var endpoint = RedisEndpoint.FromEnvironment(parts)!;
        Assert.Equal(("h2", 6400, "app", "pw", 4, true), (endpoint.Host, endpoint.Port, endpoint.User, endpoint.Password, endpoint.Database, endpoint.Tls));
        Assert.Null(RedisEndpoint.FromEnvironment(new Hashtable()));
        var bad = Assert.Throws<ArgumentException>(() => RedisEndpoint.FromEnvironment(new Hashtable { ["REDIS_HOST"] = "h", ["REDIS_PORT"] = "x" }));
        Assert.Contains("REDIS_PORT", bad.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cannot connect to redis://:127@127.0.0.1:6379/0: refused", "cannot connect to redis://:***@127.0.0.1:6379/0: refused")]
    [InlineData("cannot connect to redis://:o@host.local:6379/0 (no route)", "cannot connect to redis://:***@host.local:6379/0 (no route)")]
    [InlineData("rediss://app:pw@h:1 and redis://u:x@h:2", "rediss://app:***@h:1 and redis://u:***@h:2")]
    [InlineData("127.0.0.1:6379,password=o,ssl=true", "127.0.0.1:6379,password=***,ssl=true")]
    [InlineData("`AUTH app hunter2` failed", "`AUTH app ***` failed")]
    [InlineData("AUTH hunter2", "AUTH ***")]
    [InlineData("Redis answered AUTH with an error: WRONGPASS", "Redis answered AUTH with an error: WRONGPASS")]
    [InlineData("no secrets here: a@b, x://y", "no secrets here: a@b, x://y")]
    public void Mask_replaces_only_the_password_field(string text, string expected) =>
        Assert.Equal(expected, RedisEndpoint.Mask(text));

    private static Gen<string> Words(string alphabet, int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n)).Select(c => new string(c));

    private static readonly string s_text = "abcdefghijklmnopqrstuvwxyz0123456789 .,:;()-o";

    /// <summary>
    /// Any password, inside any message: the masked message is the message with that URL's password field replaced, and
    /// nothing else changed (a password that also occurs as text elsewhere is neither revealed nor used to garble it).
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Mask_changes_the_password_field_and_nothing_else()
    {
        var gen =
            from before in Words(s_text, 0, 20)
            from after in Words(s_text, 0, 20)
            from password in Gen.OneOf(Words(s_text, 1, 6), ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => s.Get).Where(s => !s.Any(char.IsSurrogate)))
            from user in Gen.OneOf(Gen.Constant(""), Words("abcxyz0", 1, 5))
            from host in Gen.Elements("127.0.0.1", "o.example", "[::1]", "h")
            from port in Gen.Choose(1, 65535)
            from tls in ArbMap.Default.GeneratorFor<bool>()
            select (before, after, password, user, host, port, tls);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var scheme = t.tls ? "rediss" : "redis";
            var url = $"{scheme}://{t.user}:{Uri.EscapeDataString(t.password)}@{t.host}:{t.port}/0";
            var expected = $"{t.before} {scheme}://{t.user}:***@{t.host}:{t.port}/0 {t.after}";
            var masked = RedisEndpoint.Mask($"{t.before} {url} {t.after}");
            var parsed = RedisEndpoint.Parse(url);
            return (masked == expected).Label($"masked: {masked}")
                .And((parsed.Password == t.password).Label("round trip of the password"))
                .And((parsed.Display == $"{scheme}://{t.user}:***@{t.host}:{t.port}/0").Label($"display: {parsed.Display}"));
        });
    }
}
