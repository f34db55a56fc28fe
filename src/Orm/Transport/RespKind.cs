namespace Horreum.Orm.Transport;

/// <summary>The five RESP2 reply types, by their first byte.</summary>
internal enum RespKind
{
    /// <summary><c>+OK</c></summary>
    SimpleString = '+',

    /// <summary><c>-ERR message</c></summary>
    Error = '-',

    /// <summary><c>:42</c></summary>
    Number = ':',

    /// <summary><c>$5 hello</c>, or the null bulk string <c>$-1</c>.</summary>
    BulkString = '$',

    /// <summary><c>*2 ...</c>, or the null array <c>*-1</c>.</summary>
    Array = '*',
}
