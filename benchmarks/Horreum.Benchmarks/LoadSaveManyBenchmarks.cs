using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Horreum.Orm;
using Horreum.Orm.Embedded;
using StackExchange.Redis;

namespace Horreum.Benchmarks;

/// <summary>
/// Load-many and save-many of N records: the mapper's <c>LoadManyAsync</c>/<c>SaveManyAsync</c> with default options (the
/// RESP pipeline, N being above <see cref="HorreumOptions.BulkThreshold"/>) and with <c>BulkTransport = StackExchange</c>
/// (SE 1.2.6), against the RESP transport pipelining the same HGETALLs/HSETs (raw: no objects built), and
/// redis-benchmark on the same keys.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class LoadSaveManyBenchmarks
{
    private LocalRedisServer _server = null!;
    private ConnectionMultiplexer _mux = null!;
    private HorreumClient _client = null!;
    private HorreumClient _seClient = null!;
    private object[] _ids = [];
    private List<BenchUser> _users = [];

    /// <summary>Records loaded or saved per operation.</summary>
    [Params(10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = ServerBench.StartSeededAsync(N).GetAwaiter().GetResult();
        _mux = ConnectionMultiplexer.Connect(_server.ConfigurationString + ",syncTimeout=60000");
        _client = new HorreumClient(_mux, new HorreumOptions { BatchSize = 1000 });
        _seClient = new HorreumClient(_mux, new HorreumOptions { BatchSize = 1000, BulkTransport = BulkTransportKind.StackExchange });
        if (_client.TransportFor(N).Name != "resp")
        {
            throw new InvalidOperationException("The default client would not take the RESP pipeline here.");
        }
        _ids = Enumerable.Range(0, N).Select(i => (object)BenchData.Id(i)).ToArray();
        _users = _client.Repository<BenchUser>().LoadManyAsync(_ids).GetAwaiter().GetResult().Select(u => u!).ToList();
        var viaSe = _seClient.Repository<BenchUser>().LoadManyAsync(_ids).GetAwaiter().GetResult();
        if (_users.Count != N || _users[7].Score != 1_000_000_000_000_000_007 || viaSe.Count != N || viaSe[7]!.Score != _users[7].Score)
        {
            throw new InvalidOperationException("Seeded records do not load back the same on both transports.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _seClient.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "mapper LoadManyAsync (RESP pipeline)")]
    public async Task<int> MapperLoadMany() => (await _client.Repository<BenchUser>().LoadManyAsync(_ids)).Count;

    [Benchmark(Description = "mapper SaveManyAsync (RESP pipeline)")]
    public async Task MapperSaveMany() => await _client.Repository<BenchUser>().SaveManyAsync(_users);

    [Benchmark(Description = "mapper LoadManyAsync (SE)")]
    public async Task<int> MapperLoadManySe() => (await _seClient.Repository<BenchUser>().LoadManyAsync(_ids)).Count;

    [Benchmark(Description = "mapper SaveManyAsync (SE)")]
    public async Task MapperSaveManySe() => await _seClient.Repository<BenchUser>().SaveManyAsync(_users);

    [Benchmark(Description = "RESP pipelined HGETALL (raw)")]
    public Task<long> RespLoad() => PassRunner.RespLoadAsync(_server.Port, N);

    [Benchmark(Description = "RESP pipelined HSET 5 fields (raw)")]
    public Task<long> RespSave() => PassRunner.RespSaveAsync(_server.Port, N);

    [Benchmark(Description = "ceiling: redis-benchmark -c 50 -P 1000 HGETALL")]
    public Task<double> CeilingLoad() => BenchData.RedisBenchmarkAsync(_server.Port, N, 50, 1000, "HGETALL", "bench:__rand_int__:object");

    [Benchmark(Description = "ceiling: redis-benchmark -c 50 -P 1000 HSET 5 fields")]
    public Task<double> CeilingSave() => BenchData.RedisBenchmarkAsync(_server.Port, N, 50, 1000, "HSET", "bench:__rand_int__:object",
        "name", "\"n\"", "email", "\"e\"", "city", "\"c\"", "note", "\"t\"", "score", "1");
}
