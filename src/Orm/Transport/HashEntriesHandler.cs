using System.Buffers;
using System.Text;
using StackExchange.Redis;

namespace Horreum.Orm.Transport;

/// <summary>
/// Turns the HGETALL replies of one window into the <see cref="HashEntry"/> arrays the mapper decodes, the form
/// StackExchange.Redis hands it, so both transports feed one decoding path. The strings are made while the reply is
/// in the receive buffer; field names repeat from record to record, so each distinct name is decoded once.
/// </summary>
internal sealed class HashEntriesHandler : IRespReplyHandler
{
    private readonly FieldNameTable _names = new();
    private BulkField[] _fields = new BulkField[16];
    private byte[] _scratch = new byte[4096];

    /// <summary>The window's hashes by reply index; null where the key does not exist.</summary>
    public HashEntry[]?[] Entries { get; private set; } = [];

    /// <summary>Prepares for a window of <paramref name="count"/> replies.</summary>
    public void Begin(int count)
    {
        if (Entries.Length < count)
        {
            Entries = new HashEntry[]?[count];
        }
        else
        {
            Array.Clear(Entries, 0, count);
        }
    }

    /// <inheritdoc />
    /// <exception cref="RespProtocolException">The reply is not a flat array of name/value pairs.</exception>
    public void OnReply(int index, in RespReply reply)
    {
        var count = HashReplyDecoder.Decode(reply, ref _scratch, ref _fields, out var bytes);
        if (count == 0)
        {
            return;
        }
        var entries = new HashEntry[count];
        for (var i = 0; i < count; i++)
        {
            var field = _fields[i];
            var name = _names.Get(bytes.Slice(field.NameStart, field.NameLength));
            entries[i] = new HashEntry(name, Encoding.UTF8.GetString(bytes.Slice(field.ValueStart, field.ValueLength)));
        }
        Entries[index] = entries;
    }
}
