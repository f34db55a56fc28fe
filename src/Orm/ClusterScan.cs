using System.Globalization;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>
/// SCAN on every primary of a Redis Cluster, sent to each primary itself (<see cref="IServer.ExecuteAsync(string, object[])"/>):
/// no routing key and no script, so an ACL user needs no more than SCAN and the key patterns of what it reads. The
/// cursor of a cluster scan is <c>n{node}:{cursor}</c> over the primaries in endpoint order; a resharding during a
/// scan invalidates it, as it would any SCAN cursor.
/// </summary>
internal sealed class ClusterScan(HorreumClient client)
{
    private IReadOnlyList<IServer>? _primaries;

    public async Task<(IReadOnlyList<RedisKey> Keys, string Cursor)> PageAsync(string cursor, string pattern, int count)
    {
        // Read again when a scan starts, so a failover since the last scan is seen; kept through a scan, so a primary
        // lost during it fails the next step instead of handing its cursor to another node.
        var primaries = cursor == "0" || _primaries is null ? _primaries = Primaries() : _primaries;
        var (node, nodeCursor) = Parse(cursor, primaries.Count);
        var reply = (RedisResult[])(await primaries[node].ExecuteAsync("SCAN", nodeCursor, "MATCH", pattern, "COUNT", count.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false))!;
        var next = (string)reply[0]!;
        var keys = (RedisKey[])reply[1]!;
        var nextCursor = next != "0" ? $"n{node}:{next}"
            : node + 1 < primaries.Count ? $"n{node + 1}:0"
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

    /// <summary>
    /// The primaries as the client sees them (no admin mode needed), in endpoint order; every one of them, since a scan
    /// that left out a disconnected primary would miss its keys without a word.
    /// </summary>
    private List<IServer> Primaries()
    {
        var primaries = client.KnownPrimaries()
            .DistinctBy(s => s.EndPoint.ToString())
            .OrderBy(s => s.EndPoint.ToString(), StringComparer.Ordinal)
            .ToList();
        var down = primaries.Where(s => !s.IsConnected).Select(s => s.EndPoint.ToString()).ToList();
        if (down.Count > 0)
        {
            throw new HorreumException(
                $"Cannot scan the cluster: primary {string.Join(", ", down)} is not connected, and a scan without it would miss its keys. "
                + "Run again once it is back or a replica has taken over.");
        }
        return primaries.Count > 0 ? primaries : throw new HorreumException("No connected primary of the cluster to scan.");
    }
}
