namespace Horreum.Orm.Instrumentation;

/// <summary>A group of commands sent together.</summary>
/// <param name="Operation">The mapper operation, e.g. <c>load-many</c>.</param>
/// <param name="Commands">How many commands the group held.</param>
/// <param name="Elapsed">Time from send to the last reply.</param>
public sealed record PipelineEvent(string Operation, int Commands, TimeSpan Elapsed);
