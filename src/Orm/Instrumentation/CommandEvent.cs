namespace Horreum.Orm.Instrumentation;

/// <summary>A command the mapper issued.</summary>
/// <param name="Command">The Redis command, e.g. <c>HGETALL</c>.</param>
/// <param name="Key">The (first) key it touches.</param>
public sealed record CommandEvent(string Command, string Key);
