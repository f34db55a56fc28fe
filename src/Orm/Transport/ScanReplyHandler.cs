using System.Buffers;

namespace Horreum.Orm.Transport;

/// <summary>Copies a SCAN reply's cursor and keys into a page.</summary>
internal sealed class ScanReplyHandler : IRespReplyHandler
{
    public KeyPage Target { get; set; } = null!;

    public void OnReply(int index, in RespReply reply)
    {
        var parts = reply.GetArray();
        parts.TryReadNext(out var cursor);
        Target.SetCursor(Contiguous(cursor.GetPayload()));
        parts.TryReadNext(out var keys);
        var list = keys.GetArray();
        while (list.TryReadNext(out var key))
        {
            Target.Add(Contiguous(key.GetPayload()));
        }
    }

    private static ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> bytes) =>
        bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
}
