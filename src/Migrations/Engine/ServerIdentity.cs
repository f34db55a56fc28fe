using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>
/// The server's <c>run_id</c> (new at every start). A SCAN cursor is a position in one server process's hash
/// table, whose hash seed is random per start: after a restart an old cursor skips records it never saw.
/// </summary>
internal static class ServerIdentity
{
    public static async Task<string?> GetRunIdAsync(IDatabase db)
    {
        try
        {
            var info = (string?)await db.ExecuteAsync("INFO", "server").ConfigureAwait(false);
            foreach (var line in (info ?? "").Split('\n'))
            {
                if (line.StartsWith("run_id:", StringComparison.Ordinal))
                {
                    return line["run_id:".Length..].Trim();
                }
            }
        }
        catch (RedisServerException)
        {
            // INFO renamed or disabled: checkpoints then trust the cursor as before.
        }
        catch (RedisCommandException)
        {
            // StackExchange.Redis 2.x+ treats INFO as an admin command (allowAdmin=false): same fallback.
        }
        return null;
    }
}
