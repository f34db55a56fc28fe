using FsCheck.Xunit;
using Horreum.Migrations.Engine;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Engine;

public sealed class RollbackPropertyTests(RedisFixture redis)
{
    private static readonly string[] s_nameParts = ["x:y", "a{b}", "sp ace", "é", ":", "plain", "n:u:l:l", "0"];
    private static readonly string[] s_values = ["\"s\"", "42", "true", "null", "", "\"x:y\"", "[1]"];

    /// <summary>
    /// FsCheck generates hashes with awkward field names (':' '{' spaces, unicode) and values; a reversible field
    /// migration rewrites or removes every field and adds one; rollback must restore the hashes exactly. Each int
    /// codes one field (value = code mod 7, name parts = the remaining base-8 digits), so a failure shrinks towards
    /// fewer, shorter fields.
    /// </summary>
    [Property(MaxTest = 20)]
    public async Task Apply_then_rollback_restores_every_original_value(int[][] codes)
    {
        var hashes = codes.Select(h => (h ?? []).Select(Field).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First().Value)).ToList();
        var rig = EngineRig.Create(redis);
        for (var i = 0; i < hashes.Count; i++)
        {
            await redis.Db.HashSetAsync($"{rig.Ns}:person:r{i}:object", [new("id", $"\"r{i}\""), .. hashes[i].Select(p => new StackExchange.Redis.HashEntry(p.Key, p.Value))]);
        }
        var before = await redis.DigestAsync(rig.Ns + ":person");
        var runner = rig.Runner(new RewriteEverything());

        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.True(run.Succeeded, run.Migrations[0].Error);
        await runner.RollbackAsync(RewriteEverything.MigrationId, dryRun: false);

        Assert.True(before == await redis.DigestAsync(rig.Ns + ":person"),
            $"rollback did not restore [{string.Join(" | ", hashes.Select(h => string.Join(", ", h.Select(p => $"{p.Key}={p.Value}"))))}]");
    }

    private static (string Name, string Value) Field(int code)
    {
        var rest = (long)Math.Abs((long)code);
        var value = s_values[rest % s_values.Length];
        var name = new System.Text.StringBuilder("f");
        for (rest /= s_values.Length; rest > 0; rest /= s_nameParts.Length)
        {
            name.Append(s_nameParts[rest % s_nameParts.Length]);
        }
        return (name.ToString(), value);
    }

    private sealed class RewriteEverything : ModelMigration<Person>
    {
        public const string MigrationId = "20250105_000000_rewrite_everything";
        public override string Id => MigrationId;
        public override bool IsReversible => true;
        protected override bool UseRawHash => true;

        public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        protected override Task ProcessRecordAsync(Person record, string key, MigrationContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("raw mode");

        protected override async Task ProcessRawRecordAsync(string key, IReadOnlyDictionary<string, string?> hash, MigrationContext context, CancellationToken cancellationToken)
        {
            var changes = new FieldChanges().Set("added:field", "new");
            var i = 0;
            foreach (var name in hash.Keys.Where(k => k != "id"))
            {
                if (i++ % 2 == 0)
                {
                    changes.Set(name, "changed");
                }
                else
                {
                    changes.Remove(name);
                }
            }
            await WriteFieldsAsync(context, key, changes, cancellationToken);
        }
    }
}
