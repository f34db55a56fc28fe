using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Horreum.Orm.Embedded;
using StackExchange.Redis;

namespace Horreum.Benchmarks;

/// <summary>The naive per-record awaited loop next to our pass, at N = 10,000 only (at ~9k records/s, 100k takes 11 s a pass).</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class NaivePassBenchmarks
{
    private const int N = 10_000;
    private LocalRedisServer _server = null!;
    private ConnectionMultiplexer _mux = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = ServerBench.StartSeededAsync(N).GetAwaiter().GetResult();
        _mux = ConnectionMultiplexer.Connect(_server.ConfigurationString + ",syncTimeout=60000");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _mux.Close();
        _mux.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "UseStoredBytes migration via MigrationRunner (RESP, ours), 10k")]
    public Task<long> EnginePass() => Benchmarks.EnginePass.RunAsync(_mux, Horreum.Orm.BulkTransportKind.Resp, backups: false, EngineKind.Bytes);

    [Benchmark(Description = "naive SE loop, every command awaited, 10k")]
    public Task<long> NaivePass() => BenchData.NaivePassAsync(_mux.GetDatabase(), N);
}
