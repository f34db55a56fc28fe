using Horreum.Orm.Transport;

namespace Horreum.TestKit;

/// <summary>Creates Redis ACL users for tests (over a plain RESP connection as the default user).</summary>
public static class AclUser
{
    /// <summary>
    /// <c>ACL SETUSER name reset on &gt;password ~pattern… +@all</c> on the server at 127.0.0.1:<paramref name="port"/>:
    /// every command, keys matching <paramref name="keyPatterns"/> only (a migration registry's keys are
    /// <c>{prefix}:…</c>, so grant <c>{app:migrations}:*</c> too).
    /// </summary>
    public static async Task CreateAsync(int port, string name, string password, params string[] keyPatterns)
    {
        await using var connection = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = port }).ConfigureAwait(false);
        await connection.ExecuteAsync("ACL", null, ["SETUSER", name, "reset", "on", ">" + password, .. keyPatterns.Select(p => "~" + p), "+@all"]).ConfigureAwait(false);
    }
}
