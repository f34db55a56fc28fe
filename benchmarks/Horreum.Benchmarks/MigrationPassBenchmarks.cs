using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Horreum.Orm.Embedded;
using StackExchange.Redis;

namespace Horreum.Benchmarks;

/// <summary>
/// A full migration pass (SCAN, HGETALL, decode the score, add one, HSET it back) over N records through the runner,
/// in the same run as the server's ceiling on the same data. One operation = one pass; divide N by the mean for
/// records/s. Naive per-record awaits are in <see cref="NaivePassBenchmarks"/> (too slow for 100k here).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class MigrationPassBenchmarks
{
    private LocalRedisServer _server = null!;
    private ConnectionMultiplexer _mux = null!;
    private string _pipeFile = "";

    /// <summary>Records in the keyspace.</summary>
    [Params(10_000, 100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = ServerBench.StartSeededAsync(N).GetAwaiter().GetResult();
        _mux = ConnectionMultiplexer.Connect(_server.ConfigurationString + ",syncTimeout=60000");
        _pipeFile = Path.Combine(Path.GetTempPath(), $"horreum-bdn-pipe-{Environment.ProcessId}.resp");
        BenchData.WritePipeFile(_pipeFile, N);
        // Check before timing: a pass must see every record.
        var scanned = EngineStoredBytes().GetAwaiter().GetResult();
        if (scanned < N)
        {
            throw new InvalidOperationException($"The engine pass saw {scanned} of {N} records.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _mux.Close();
        _mux.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_pipeFile);
    }

    [Benchmark(Baseline = true, Description = "PipelineMigration<BenchUser> UseStoredBytes via MigrationRunner (RESP)")]
    public Task<long> EngineStoredBytes() => EnginePass.RunAsync(_mux, Horreum.Orm.BulkTransportKind.Resp, backups: false, EngineKind.Bytes);

    [Benchmark(Description = "PipelineMigration<BenchUser> via MigrationRunner, RESP (objects decoded/encoded)")]
    public Task<long> EngineResp() => EnginePass.RunAsync(_mux, Horreum.Orm.BulkTransportKind.Resp, backups: false, EngineKind.Typed);

    [Benchmark(Description = "PipelineMigration<BenchUser> via MigrationRunner, SE batches")]
    public Task<long> EngineSe() => EnginePass.RunAsync(_mux, Horreum.Orm.BulkTransportKind.StackExchange, backups: false, EngineKind.Typed);

    // Process start is inside the timing (a few ms); the pass mode reads redis-benchmark's own clock instead.
    [Benchmark(Description = "ceiling: redis-benchmark -c 50 -P 1000 HGETALL then HSET 1 field")]
    public async Task<double> CeilingRedisBenchmark() =>
        await BenchData.RedisBenchmarkAsync(_server.Port, N, 50, 1000, "HGETALL", "bench:__rand_int__:object")
        + await BenchData.RedisBenchmarkAsync(_server.Port, N, 50, 1000, "HSET", "bench:__rand_int__:object", "score", "1000000000000000000");

    [Benchmark(Description = "ceiling: redis-cli --pipe of the N one-field HSETs")]
    public async Task<TimeSpan> CeilingRedisCliPipe() => await BenchData.RedisCliPipeAsync(_server.Port, _pipeFile);
}
