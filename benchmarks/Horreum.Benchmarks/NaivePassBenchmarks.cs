using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Horreum.Orm.Embedded;
using Horreum.Orm.Transport;
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

    [Benchmark(Baseline = true, Description = "RESP bulk pass (ours), 10k")]
    public async Task<long> RespPass() =>
        (await new RespBulkTransport(new RespConnectionOptions { Port = _server.Port }).RunPassAsync(BenchData.Pattern, BenchData.IncrementScore)).Scanned;

    [Benchmark(Description = "naive SE loop, every command awaited, 10k")]
    public Task<long> NaivePass() => BenchData.NaivePassAsync(_mux.GetDatabase(), N);
}
