using Horreum.Orm;
using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>
/// Words for a NOPERM that StackExchange.Redis reported bare (it names neither the command nor the key): the
/// migration's model keys, the ACL user, and the key pattern to grant.
/// </summary>
internal static class AclRefusal
{
    public static bool Is(Exception ex) => ex is RedisServerException && ex.Message.StartsWith("NOPERM", StringComparison.Ordinal);

    public static string Describe(Migration migration, HorreumClient client, Exception ex)
    {
        var user = client.Endpoint.User ?? "default";
        var keys = ModelKeyPattern(migration, client);
        if (keys is null)
        {
            return $"{ex.Message} (Redis refused a key of this migration to ACL user '{user}': its key patterns (~pattern) do not cover it; grant one, e.g. ACL SETUSER {user} ~<prefix>:*)";
        }
        var colon = keys.IndexOf(':', StringComparison.Ordinal);
        var grant = colon > 0 ? keys[..(colon + 1)] + "*" : keys;
        return $"{ex.Message} (Redis refused ACL user '{user}' a command on this migration's keys {keys}: its key patterns (~pattern) do not cover them; grant them, e.g. ACL SETUSER {user} ~{grant}, or run as a user whose patterns do)";
    }

    // ModelMigration<T> and PipelineMigration<T> work on T's keys: {namespace}:{prefix}:*:object.
    private static string? ModelKeyPattern(Migration migration, HorreumClient client)
    {
        for (var type = migration.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ModelMigration<>) || type.GetGenericTypeDefinition() == typeof(PipelineMigration<>)))
            {
                var repository = typeof(HorreumClient).GetMethod(nameof(HorreumClient.Repository))!.MakeGenericMethod(type.GetGenericArguments()[0]).Invoke(client, null)!;
                return (string?)repository.GetType().GetMethod("KeyFor")!.Invoke(repository, ["*"]);
            }
        }
        return null;
    }
}
