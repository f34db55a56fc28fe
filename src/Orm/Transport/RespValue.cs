using System.Globalization;
using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// A whole RESP2 reply as objects: for setup, tests and rare commands. The hot path reads <see cref="RespReply"/>
/// views over the receive buffer instead, because building these allocates per element.
/// </summary>
internal sealed class RespValue : IEquatable<RespValue>
{
    private RespValue(RespKind kind, byte[]? bytes, long integer, IReadOnlyList<RespValue>? items)
    {
        Kind = kind;
        Bytes = bytes;
        Number = integer;
        Items = items;
    }

    /// <summary>The reply type.</summary>
    public RespKind Kind { get; }

    /// <summary>The payload of a simple string, error or bulk string; null for a null bulk string and other kinds.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The value of an integer reply.</summary>
    public long Number { get; }

    /// <summary>The elements of an array; null for a null array and other kinds.</summary>
    public IReadOnlyList<RespValue>? Items { get; }

    /// <summary>Whether this is the null bulk string or the null array.</summary>
    public bool IsNull => (Kind == RespKind.BulkString && Bytes is null) || (Kind == RespKind.Array && Items is null);

    /// <summary>The payload as UTF-8 text (the integer in invariant digits); null when <see cref="IsNull"/>.</summary>
    public string? Text => Kind switch
    {
        RespKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        RespKind.Array => null,
        _ => Bytes is null ? null : Encoding.UTF8.GetString(Bytes),
    };

    /// <summary>A simple string (must not contain CR or LF).</summary>
    public static RespValue SimpleString(string text) => new(RespKind.SimpleString, Encoding.UTF8.GetBytes(Line(text)), 0, null);

    /// <summary>An error reply (must not contain CR or LF).</summary>
    public static RespValue Error(string message) => new(RespKind.Error, Encoding.UTF8.GetBytes(Line(message)), 0, null);

    /// <summary>An integer reply.</summary>
    public static RespValue FromInteger(long value) => new(RespKind.Number, null, value, null);

    /// <summary>A bulk string (binary-safe); null gives the null bulk string.</summary>
    public static RespValue Bulk(byte[]? payload) => new(RespKind.BulkString, payload, 0, null);

    /// <summary>A bulk string of UTF-8 text; null gives the null bulk string.</summary>
    public static RespValue Bulk(string? text) => new(RespKind.BulkString, text is null ? null : Encoding.UTF8.GetBytes(text), 0, null);

    /// <summary>An array; null gives the null array.</summary>
    public static RespValue FromArray(IReadOnlyList<RespValue>? items) => new(RespKind.Array, null, 0, items);

    private static string Line(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("Simple strings and errors are one line: no CR or LF.", nameof(text));
        }
        return text;
    }

    /// <inheritdoc />
    public bool Equals(RespValue? other)
    {
        if (other is null || other.Kind != Kind || other.Number != Number)
        {
            return false;
        }
        if ((Bytes is null) != (other.Bytes is null) || (Bytes is not null && !Bytes.AsSpan().SequenceEqual(other.Bytes)))
        {
            return false;
        }
        if ((Items is null) != (other.Items is null))
        {
            return false;
        }
        if (Items is not null)
        {
            if (Items.Count != other.Items!.Count)
            {
                return false;
            }
            for (var i = 0; i < Items.Count; i++)
            {
                if (!Items[i].Equals(other.Items[i]))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RespValue v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Number, Bytes?.Length ?? -1, Items?.Count ?? -1);

    /// <summary>A readable form for test failures: kinds, lengths and text.</summary>
    public override string ToString() => Kind switch
    {
        RespKind.Array => Items is null ? "*null" : "[" + string.Join(", ", Items) + "]",
        RespKind.Number => ":" + Text,
        _ => Bytes is null ? "$null" : $"{(char)Kind}\"{Text!.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"",
    };
}
