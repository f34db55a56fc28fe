namespace Horreum.Orm.Instrumentation;

/// <summary>A failure seen by the mapper.</summary>
/// <param name="Operation">The mapper operation, or <c>hook</c> when an observer threw.</param>
/// <param name="Key">The key involved, when known.</param>
/// <param name="Exception">The failure.</param>
public sealed record ErrorEvent(string Operation, string? Key, Exception Exception);
