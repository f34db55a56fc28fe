using System.Runtime.CompilerServices;
using Horreum.Orm.Instrumentation;
using Horreum.Orm.Serialization;
using Horreum.TestKit;

namespace Horreum.Orm.Tests;

/// <summary>A client per test, under the test's own key namespace.</summary>
internal static class TestClients
{
    public static HorreumClient Create(RedisFixture redis, out string ns, ReadMode mode = ReadMode.Strict, IHorreumObserver? observer = null, int batchSize = 500,
        BulkTransportKind transport = BulkTransportKind.Auto, int? bulkThreshold = null, TimeProvider? clock = null,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "")
    {
        ns = RedisFixture.Prefix(file, member);
        var options = new HorreumOptions { KeyNamespace = ns, ReadMode = mode, BatchSize = batchSize, BulkTransport = transport };
        if (bulkThreshold is { } threshold)
        {
            options.BulkThreshold = threshold;
        }
        if (clock is not null)
        {
            options.Clock = clock;
        }
        if (observer is not null)
        {
            options.Observers.Add(observer);
        }
        return new HorreumClient(redis.Multiplexer, options);
    }
}

/// <summary>Records every hook call.</summary>
internal sealed class RecordingObserver : IHorreumObserver
{
    public List<CommandEvent> Commands { get; } = [];
    public List<PipelineEvent> Pipelines { get; } = [];
    public List<LifecycleEvent> Lifecycle { get; } = [];
    public List<ErrorEvent> Errors { get; } = [];
    public List<ReadIssue> Issues { get; } = [];

    public void OnCommand(CommandEvent e) { lock (Commands) { Commands.Add(e); } }
    public void OnPipeline(PipelineEvent e) { lock (Pipelines) { Pipelines.Add(e); } }
    public void OnLifecycle(LifecycleEvent e) { lock (Lifecycle) { Lifecycle.Add(e); } }
    public void OnError(ErrorEvent e) { lock (Errors) { Errors.Add(e); } }
    public void OnReadIssue(ReadIssue issue) { lock (Issues) { Issues.Add(issue); } }
}
