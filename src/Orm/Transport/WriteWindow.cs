namespace Horreum.Orm.Transport;

/// <summary>
/// The one write side of bulk work (a migration's pages, save-many), opened by the client's
/// <see cref="RecordTransport"/>: commands are written to <see cref="Commands"/> and tagged as they go (a record's
/// write, a run-level command, a record's MULTI … EXEC); <see cref="EndPageAsync"/> sends the page. An error reply to
/// a record's command is reported once per record to the window's <see cref="IWriteRefusals"/>; an error on a
/// run-level command stops the run. Redis runs the page's commands in the order written, which is what keeps a
/// migration's journal → backups → data ordered without waiting. On the RESP pipeline up to
/// <see cref="HorreumOptions.PipelineDepth"/> pages wait for their replies (<see cref="RespWriteWindow"/>); on
/// StackExchange.Redis each page is one batch, awaited (<see cref="StackExchangeWriteWindow"/>).
/// </summary>
internal abstract class WriteWindow : IAsyncDisposable
{
    /// <summary><c>resp</c> or <c>se-batch</c>.</summary>
    public abstract string Transport { get; }

    /// <summary>Where the page's commands are written.</summary>
    public abstract ICommandWriter Commands { get; }

    /// <summary>Tags the command just written as run-level: an error reply to it stops the run.</summary>
    public abstract void RunCommand();

    /// <summary>Starts a transaction: the record commands written up to <see cref="Exec"/> run as one (MULTI … EXEC).</summary>
    public abstract void Multi();

    /// <summary>Tags the command just written (<paramref name="command"/>, for error messages) as record <paramref name="index"/>'s write.</summary>
    public abstract void RecordCommand(IRecordKeys page, int index, long fields, string command);

    /// <summary>Ends the transaction <see cref="Multi"/> started.</summary>
    public abstract void Exec();

    /// <summary>Sends the page's commands; <paramref name="done"/> runs once their replies are in (and refusals reported).</summary>
    public abstract ValueTask EndPageAsync(Action? done, CancellationToken cancellationToken);

    /// <summary>Waits until every page sent is acknowledged (before a checkpoint, and at the end).</summary>
    public abstract ValueTask DrainAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
