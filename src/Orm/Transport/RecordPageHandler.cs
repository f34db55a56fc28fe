namespace Horreum.Orm.Transport;

/// <summary>
/// Reads a window of HGETALL replies for known keys (load-many) into a <see cref="RecordPage"/>, as the pass's reader
/// does for scanned ones: bytes copied once, nothing decoded. <see cref="Records"/> maps each reply to its record.
/// </summary>
internal sealed class RecordPageHandler : IRespReplyHandler
{
    private readonly FieldNameTable _names = new();

    /// <summary>The window's hashes.</summary>
    public RecordPage Page { get; } = new();

    /// <summary>By reply index: the record's index in <see cref="Page"/>, or -1 where the key holds no hash.</summary>
    public int[] Records { get; private set; } = [];

    /// <summary>Prepares for a window of <paramref name="count"/> replies.</summary>
    public void Begin(int count)
    {
        Page.Clear();
        if (Records.Length < count)
        {
            Records = new int[count];
        }
    }

    /// <inheritdoc />
    /// <exception cref="RespProtocolException">The reply is not a flat array of name/value pairs.</exception>
    public void OnReply(int index, in RespReply reply) => Records[index] = Page.Add(default, reply, _names);
}
