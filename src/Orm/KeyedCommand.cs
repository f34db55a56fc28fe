using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>One write of a save or destroy, with the key that decides its hash slot.</summary>
internal sealed record KeyedCommand(RedisKey Key, string Name, Func<IDatabaseAsync, Task> Queue);
