namespace Horreum.Orm.Transport;

/// <summary>
/// Where a page's commands are written, part by part: the RESP pipeline (<see cref="RespConnection"/>, straight into
/// its send buffer) or a StackExchange.Redis page (<see cref="StackExchangeWriteWindow"/>, sent as a batch). A
/// command is its name and then exactly the announced number of parts, the key first when it has one.
/// </summary>
internal interface ICommandWriter
{
    /// <summary>Starts a command of <paramref name="argumentCount"/> parts after the name.</summary>
    void BeginCommand(string command, int argumentCount);

    /// <summary>Writes the key (it names the command in an error).</summary>
    void WriteKey(string key);

    /// <summary>Writes the key as UTF-8 bytes (copied).</summary>
    void WriteKey(ReadOnlySpan<byte> key);

    /// <summary>Writes a text argument.</summary>
    void WriteArgument(string value);

    /// <summary>Writes a binary argument (copied).</summary>
    void WriteArgument(ReadOnlySpan<byte> value);

    /// <summary>Writes an integer argument.</summary>
    void WriteArgument(long value);
}
