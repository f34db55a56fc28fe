using Horreum.Orm.Serialization;

namespace Horreum.Orm.Instrumentation;

/// <summary>
/// Instrumentation hooks. Every method has an empty default, so implement only what you need. A hook that throws
/// never breaks the operation: the exception is swallowed (and reported to <see cref="OnError"/> once).
/// </summary>
public interface IHorreumObserver
{
    /// <summary>A command was queued or sent (name and first key).</summary>
    void OnCommand(CommandEvent e) { }

    /// <summary>A group of commands went out together (a MULTI or a pipelined batch) and completed.</summary>
    void OnPipeline(PipelineEvent e) { }

    /// <summary>A record was created, saved, loaded, refreshed or destroyed.</summary>
    void OnLifecycle(LifecycleEvent e) { }

    /// <summary>An operation failed (the exception is also thrown to the caller), or a hook threw.</summary>
    void OnError(ErrorEvent e) { }

    /// <summary>A lenient read accepted a value that is not in the v2 format.</summary>
    void OnReadIssue(ReadIssue issue) { }
}
