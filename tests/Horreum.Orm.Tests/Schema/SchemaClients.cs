using System.Runtime.CompilerServices;
using Horreum.JsonSchema;
using Horreum.Orm.Schema;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Schema;

/// <summary>A client per test under its own key namespace, with the schema registry set up by the test.</summary>
internal static class SchemaClients
{
    /// <summary>Where the test project's schema files land in the output (the registry's default directory).</summary>
    public static string SchemasDir => Path.Combine(AppContext.BaseDirectory, "schemas");

    public static HorreumClient Create(RedisFixture redis, out string ns, Action<ModelSchemaRegistry>? configure = null, int batchSize = 500,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "")
    {
        ns = RedisFixture.Prefix(file, member);
        var options = new HorreumOptions { KeyNamespace = ns, BatchSize = batchSize };
        configure?.Invoke(options.Schemas);
        return new HorreumClient(redis.Multiplexer, options);
    }
}
