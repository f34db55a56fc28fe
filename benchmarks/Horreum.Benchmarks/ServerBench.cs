using Horreum.Orm.Embedded;

namespace Horreum.Benchmarks;

/// <summary>The private redis-server a server suite seeds in [GlobalSetup] and stops in [GlobalCleanup].</summary>
internal static class ServerBench
{
    /// <summary>Starts a server and seeds <paramref name="records"/> records.</summary>
    public static async Task<LocalRedisServer> StartSeededAsync(long records)
    {
        var server = await LocalRedisServer.StartAsync();
        await BenchData.SeedAsync(server.Port, records);
        return server;
    }
}
