using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// Writes RESP2 into any <see cref="IBufferWriter{T}"/> (a connection's pipe, or a file for <c>redis-cli --pipe</c>)
/// without intermediate strings or arrays: lengths and integers are formatted in place.
/// </summary>
internal static class RespEncoder
{
    // "$" + 20 digits + CRLF covers any long.
    private const int MaxHeader = 24;

    /// <summary>Writes <c>*count\r\n</c>: the header of a command of <paramref name="count"/> parts (name included).</summary>
    public static void WriteArrayHeader(IBufferWriter<byte> writer, int count) => WriteHeader(writer, (byte)'*', count);

    /// <summary>Writes a bulk string.</summary>
    public static void WriteBulkString(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteHeader(writer, (byte)'$', payload.Length);
        var span = writer.GetSpan(payload.Length + 2);
        payload.CopyTo(span);
        span[payload.Length] = (byte)'\r';
        span[payload.Length + 1] = (byte)'\n';
        writer.Advance(payload.Length + 2);
    }

    /// <summary>Writes a bulk string of the UTF-8 bytes of <paramref name="text"/>, encoded straight into the buffer.</summary>
    public static void WriteBulkString(IBufferWriter<byte> writer, string text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(text);
        var length = Encoding.UTF8.GetByteCount(text);
        WriteHeader(writer, (byte)'$', length);
        var span = writer.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(text, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        writer.Advance(length + 2);
    }

    /// <summary>Writes a bulk string of the invariant decimal digits of <paramref name="value"/>.</summary>
    public static void WriteBulkString(IBufferWriter<byte> writer, long value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var written);
        WriteBulkString(writer, digits[..written]);
    }

    /// <summary>Writes a whole command: the name, then each argument, all as bulk strings.</summary>
    public static void WriteCommand(IBufferWriter<byte> writer, string command, params ReadOnlySpan<string> arguments)
    {
        WriteArrayHeader(writer, arguments.Length + 1);
        WriteBulkString(writer, command);
        foreach (var argument in arguments)
        {
            WriteBulkString(writer, argument);
        }
    }

    /// <summary>Writes any reply value (what a server sends): for tests, fakes and fixtures.</summary>
    public static void WriteValue(IBufferWriter<byte> writer, RespValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case RespKind.SimpleString:
            case RespKind.Error:
                {
                    var span = writer.GetSpan(value.Bytes!.Length + 3);
                    span[0] = (byte)value.Kind;
                    value.Bytes.CopyTo(span[1..]);
                    span[value.Bytes.Length + 1] = (byte)'\r';
                    span[value.Bytes.Length + 2] = (byte)'\n';
                    writer.Advance(value.Bytes.Length + 3);
                    break;
                }
            case RespKind.Number:
                WriteHeader(writer, (byte)':', value.Number);
                break;
            case RespKind.BulkString:
                if (value.Bytes is null)
                {
                    WriteHeader(writer, (byte)'$', -1);
                }
                else
                {
                    WriteBulkString(writer, value.Bytes);
                }
                break;
            case RespKind.Array:
                WriteHeader(writer, (byte)'*', value.Items?.Count ?? -1);
                foreach (var item in value.Items ?? [])
                {
                    WriteValue(writer, item);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Unknown RESP kind.");
        }
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte prefix, long number)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(MaxHeader);
        span[0] = prefix;
        Utf8Formatter.TryFormat(number, span[1..], out var written);
        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        writer.Advance(written + 3);
    }
}
