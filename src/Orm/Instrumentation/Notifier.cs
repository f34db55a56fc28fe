using Horreum.Orm.Serialization;

namespace Horreum.Orm.Instrumentation;

/// <summary>Calls observers; a throwing observer never breaks the operation that called it.</summary>
internal sealed class Notifier(IReadOnlyList<IHorreumObserver> observers)
{
    public bool Any => observers.Count > 0;

    public void Command(string command, string key)
    {
        if (observers.Count > 0)
        {
            Each(o => o.OnCommand(new CommandEvent(command, key)));
        }
    }

    public void Pipeline(string operation, int commands, TimeSpan elapsed)
    {
        if (observers.Count > 0)
        {
            Each(o => o.OnPipeline(new PipelineEvent(operation, commands, elapsed)));
        }
    }

    public void Lifecycle(Type model, string id, LifecycleKind kind)
    {
        if (observers.Count > 0)
        {
            Each(o => o.OnLifecycle(new LifecycleEvent(model, id, kind)));
        }
    }

    public void Error(string operation, string? key, Exception exception)
    {
        if (observers.Count > 0)
        {
            Each(o => o.OnError(new ErrorEvent(operation, key, exception)), reportFailures: false);
        }
    }

    /// <summary><see cref="ReadIssue"/> as a delegate, made once: decoders take it for every field they read.</summary>
    public Action<ReadIssue> ReadIssueHandler => _readIssueHandler ??= ReadIssue;

    private Action<ReadIssue>? _readIssueHandler;

    public void ReadIssue(ReadIssue issue)
    {
        if (observers.Count > 0)
        {
            Each(o => o.OnReadIssue(issue));
        }
    }

    private void Each(Action<IHorreumObserver> call, bool reportFailures = true)
    {
        foreach (var observer in observers)
        {
            try
            {
                call(observer);
            }
#pragma warning disable CA1031 // a hook must never break the operation it observes
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (reportFailures)
                {
                    Error("hook", null, ex);
                }
            }
        }
    }
}
