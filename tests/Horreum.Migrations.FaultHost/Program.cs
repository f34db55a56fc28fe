using System.Globalization;
using Horreum.Migrations.Engine;
using Horreum.Migrations.FaultHost;
using Horreum.Orm;

// Usage: FaultHost <redis configuration> <key namespace> <round> <checkpoint every> [kind]
// Prints "progress <processed>" after each page, so the parent can kill it at a point it chooses.
if (args.Length is not (4 or 5))
{
    await Console.Error.WriteLineAsync("usage: FaultHost <redis> <namespace> <round> <checkpointEvery> [kind]");
    return 2;
}
var client = await HorreumClient.ConnectAsync(args[0], new HorreumOptions { KeyNamespace = args[1] });
var options = new MigrationRunnerOptions { CheckpointEvery = int.Parse(args[3], CultureInfo.InvariantCulture) };
options.Registry.Prefix = args[1] + ":migrations";
var round = int.Parse(args[2], CultureInfo.InvariantCulture);
var migration = args.Length == 5 ? FaultMigrations.For(round, Enum.Parse<FaultKind>(args[4])) : FaultMigrations.For(round);
var runner = new MigrationRunner(client, [migration], options);
var progress = new SyncProgress(p => Console.Out.WriteLine("progress " + p.Processed.ToString(CultureInfo.InvariantCulture)));
var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false, Progress = progress });
Console.Out.WriteLine("done " + run.Succeeded);
return run.Succeeded ? 0 : 1;

/// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and lag behind).</summary>
internal sealed class SyncProgress(Action<MigrationProgress> report) : IProgress<MigrationProgress>
{
    public void Report(MigrationProgress value) => report(value);
}
