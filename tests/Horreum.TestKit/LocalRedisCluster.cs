using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Horreum.Orm.Embedded;

namespace Horreum.TestKit;

/// <summary>
/// A local Redis Cluster of three primaries on 127.0.0.1 (no replicas, no persistence), created with
/// <c>redis-cli --cluster create</c>; stopped and removed on dispose.
/// </summary>
public sealed class LocalRedisCluster : IAsyncDisposable
{
    private readonly List<LocalRedisServer> _nodes = [];

    public IReadOnlyList<int> Ports => _nodes.Select(n => n.Port).ToArray();

    public string Configuration => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}")) + ",abortConnect=false,syncTimeout=15000";

    public static async Task<LocalRedisCluster> StartAsync()
    {
        var cluster = new LocalRedisCluster();
        for (var i = 0; i < 3; i++)
        {
            cluster._nodes.Add(await LocalRedisServer.StartAsync(null, ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"], ClusterPort));
        }
        var psi = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--cluster", "create" }.Concat(cluster.Ports.Select(p => $"127.0.0.1:{p}")).Concat(["--cluster-replicas", "0", "--cluster-yes"]))
        {
            psi.ArgumentList.Add(arg);
        }
        using (var create = Process.Start(psi)!)
        {
            var output = await create.StandardOutput.ReadToEndAsync();
            await create.WaitForExitAsync();
            if (create.ExitCode != 0)
            {
                throw new InvalidOperationException("redis-cli --cluster create failed: " + output + await create.StandardError.ReadToEndAsync());
            }
        }
        // Wait until every node agrees the cluster is up.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var ok = true;
            foreach (var port in cluster.Ports)
            {
                var info = await RedisCliAsync("-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "CLUSTER", "INFO");
                ok &= info.Contains("cluster_state:ok", StringComparison.Ordinal);
            }
            if (ok)
            {
                return cluster;
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The local cluster did not reach cluster_state:ok in 30 s.");
            }
            await Task.Delay(100);
        }
    }

    private static async Task<string> RedisCliAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output;
    }

    /// <summary>A free port whose cluster bus port (+10000) is free and valid.</summary>
    private static int ClusterPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 45_000);
            if (IsFree(port) && IsFree(port + 10_000))
            {
                return port;
            }
        }
        throw new InvalidOperationException("No free port pair for a cluster node.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Kills node <paramref name="index"/> (a primary: the cluster has no replicas), as a crash would.</summary>
    public ValueTask KillNodeAsync(int index) => _nodes[index].DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
