using System.Globalization;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>
/// SCAN on every primary of a Redis Cluster. StackExchange.Redis 1.2.6 cannot send an arbitrary command to a chosen
/// node asynchronously, so each node is reached with a one-line Lua script routed by a key that hashes into one of
/// that node's slots (the script touches no key; SCAN inside it lists the node's own keyspace). The cursor of a
/// cluster scan is <c>n{node}:{cursor}</c> over the primaries in endpoint order; a resharding during a scan
/// invalidates it, as it would any SCAN cursor.
/// </summary>
internal sealed class ClusterScan(HorreumClient client)
{
    private const string Script = "return redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])";
    private IReadOnlyList<RedisKey>? _routes;

    public async Task<(IReadOnlyList<RedisKey> Keys, string Cursor)> PageAsync(string cursor, string pattern, int count)
    {
        var routes = _routes ??= await DiscoverRoutesAsync().ConfigureAwait(false);
        var (node, nodeCursor) = Parse(cursor, routes.Count);
        var reply = (RedisResult[])(await client.Database.ScriptEvaluateAsync(Script, [routes[node]],
            [nodeCursor, pattern, count.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false))!;
        var next = (string)reply[0]!;
        var keys = (RedisKey[])reply[1]!;
        var nextCursor = next != "0" ? $"n{node}:{next}"
            : node + 1 < routes.Count ? $"n{node + 1}:0"
            : "0";
        return (keys, nextCursor);
    }

    public static bool IsClusterCursor(string cursor) => cursor.StartsWith('n');

    private static (int Node, string Cursor) Parse(string cursor, int nodes)
    {
        if (cursor == "0")
        {
            return (0, "0");
        }
        var colon = cursor.IndexOf(':', StringComparison.Ordinal);
        if (colon < 2 || !int.TryParse(cursor.AsSpan(1, colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var node) || node >= nodes
            || !ulong.TryParse(cursor.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException($"'{cursor}' is not a cluster scan cursor (n<node>:<cursor>) for this cluster of {nodes} primaries.", nameof(cursor));
        }
        return (node, cursor[(colon + 1)..]);
    }

    private async Task<IReadOnlyList<RedisKey>> DiscoverRoutesAsync()
    {
        // Primaries as the client sees them (no admin mode needed), and for each the first key of the form
        // horreum:route:{i} the client routes to it.
        var mux = client.Connection;
        var primaries = mux.GetEndPoints().Select(ep => mux.GetServer(ep))
            .Where(s => s.IsConnected && !s.IsReplica)
            .Select(s => s.EndPoint.ToString()!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var routes = new RedisKey?[primaries.Count];
        for (var i = 0; routes.Any(r => r is null); i++)
        {
            if (i > 100_000)
            {
                throw new HorreumException($"Could not find a key routed to each of the primaries {string.Join(", ", primaries)}.");
            }
            RedisKey key = "horreum:route:" + i.ToString(CultureInfo.InvariantCulture);
            var endpoint = (await client.Database.IdentifyEndpointAsync(key).ConfigureAwait(false))?.ToString();
            var index = endpoint is null ? -1 : primaries.IndexOf(endpoint);
            if (index >= 0 && routes[index] is null)
            {
                routes[index] = key;
            }
        }
        return routes.Select(r => r!.Value).ToArray();
    }
}
