using System.Diagnostics;

namespace Horreum.Orm.Transport;

/// <summary>Reads given keys on StackExchange.Redis (load-many): one batch of HGETALL per window, awaited.</summary>
internal sealed class StackExchangeKeysReader(StackExchangeRecordTransport transport, IReadOnlyList<string> keys, int windowSize) : RecordReader
{
    private int _next;

    public override string Transport => transport.Name;

    public override async ValueTask<bool> ReadPageAsync(RecordPage page, CancellationToken cancellationToken)
    {
        page.Clear();
        if (_next >= keys.Count)
        {
            return false;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var count = Math.Min(windowSize, keys.Count - _next);
        page.Window = new KeyWindow(_next, count, Stopwatch.GetTimestamp());
        await transport.ReadHashesAsync(keys, _next, count, page).ConfigureAwait(false);
        _next += count;
        return true;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
