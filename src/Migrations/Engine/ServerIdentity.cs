using Horreum.Orm;
using Horreum.Orm.Connections;
using Horreum.Orm.Transport;
using Microsoft.Extensions.Logging;

namespace Horreum.Migrations.Engine;

/// <summary>
/// The server's <c>run_id</c> (new at every start). A SCAN cursor is a position in one server process's hash
/// table, whose hash seed is random per start: after a restart an old cursor skips records it never saw.
/// </summary>
/// <remarks>
/// INFO goes over the RESP pipeline's own connection, with the client's user, password and TLS: StackExchange.Redis 2.x
/// and later refuse INFO unless the application connected with <c>allowAdmin=true</c>, which a migration must not
/// require. On a cluster every primary's run_id counts (each shard has its own cursor), so a restart of any one
/// voids the checkpoint.
/// </remarks>
internal static class ServerIdentity
{
    public static async Task<string?> GetRunIdAsync(HorreumClient client, ILogger logger, CancellationToken cancellationToken)
    {
        var primaries = client.Primaries().Order().ToList();
        if (primaries.Count == 0)
        {
            return null;
        }
        var ids = new List<string>(primaries.Count);
        foreach (var (host, port) in primaries)
        {
            try
            {
                var connection = await RespConnection.ConnectAsync(client.RespOptionsFor(host, port), cancellationToken).ConfigureAwait(false);
                string? info;
                await using (connection.ConfigureAwait(false))
                {
                    info = (await connection.ExecuteAsync("INFO", null, ["server"], cancellationToken).ConfigureAwait(false)).Text;
                }
                var runId = (info ?? "").Split('\n').FirstOrDefault(l => l.StartsWith("run_id:", StringComparison.Ordinal))?["run_id:".Length..].Trim();
                if (string.IsNullOrEmpty(runId))
                {
                    return Unavailable(logger, host, port, "INFO server has no run_id line");
                }
                ids.Add(primaries.Count == 1 ? runId : $"{host}:{port}={runId}");
            }
            catch (RedisReplyException ex)
            {
                // INFO renamed, disabled or not granted to this ACL user: checkpoints then trust the cursor as before.
                return Unavailable(logger, host, port, ex.ServerMessage);
            }
            catch (HorreumConnectionException ex)
            {
                return Unavailable(logger, host, port, ex.Message);
            }
        }
        return string.Join(",", ids);
    }

    private static string? Unavailable(ILogger logger, string host, int port, string why)
    {
#pragma warning disable CA1848 // once per migration
        logger.LogWarning("Server restart detection is off for this run: cannot read INFO server from {Host}:{Port} ({Why}). A resumed run trusts its checkpoint's SCAN cursor; if the server restarted meanwhile, records past it could be skipped until the next full run.",
            host, port, RedisEndpoint.Mask(why));
#pragma warning restore CA1848
        return null;
    }
}
