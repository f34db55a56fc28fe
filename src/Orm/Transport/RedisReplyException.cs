namespace Horreum.Orm.Transport;

/// <summary>
/// Redis answered a command with an error reply. The message names the command and its key, so a failure in a
/// pipeline of thousands of commands points at the record that caused it.
/// </summary>
public sealed class RedisReplyException : HorreumException
{
    /// <summary>Creates the exception.</summary>
    public RedisReplyException() { }

    /// <summary>Creates the exception with a message.</summary>
    public RedisReplyException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RedisReplyException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for an error reply to <paramref name="command"/> on <paramref name="key"/>.</summary>
    /// <param name="command">The command name, e.g. <c>HSET</c>.</param>
    /// <param name="key">The key the command addressed; null for keyless commands (SCAN, AUTH, SELECT).</param>
    /// <param name="serverMessage">The error text as Redis sent it, e.g. <c>WRONGTYPE Operation against a key ...</c>.</param>
    /// <param name="otherErrors">How many more commands of the same batch failed too.</param>
    public RedisReplyException(string command, string? key, string serverMessage, int otherErrors = 0)
        : base(Describe(command, key, serverMessage, otherErrors))
    {
        Command = command;
        Key = key;
        ServerMessage = serverMessage;
        OtherErrors = otherErrors;
    }

    /// <summary>The same, for an error StackExchange.Redis reported bare (<paramref name="innerException"/>).</summary>
    internal RedisReplyException(string command, string? key, string serverMessage, Exception innerException)
        : base(Describe(command, key, serverMessage, 0), innerException)
    {
        Command = command;
        Key = key;
        ServerMessage = serverMessage;
    }

    /// <summary>The command that failed.</summary>
    public string Command { get; } = "";

    /// <summary>The key of the failed command; null for keyless commands.</summary>
    public string? Key { get; }

    /// <summary>The error text Redis sent.</summary>
    public string ServerMessage { get; } = "";

    /// <summary>How many more commands of the same batch were answered with an error.</summary>
    public int OtherErrors { get; }

    private static string Describe(string command, string? key, string serverMessage, int otherErrors)
    {
        var where = key is null ? command : $"{command} {key}";
        var more = otherErrors > 0 ? $" ({otherErrors} more command(s) of the same batch failed too)" : "";
        var hint = serverMessage.StartsWith("NOPERM", StringComparison.Ordinal)
            ? key is null
                ? $" (the connection's ACL user may not run {command}; grant it, e.g. ACL SETUSER <user> +{command.ToLowerInvariant()})"
                : $" (the connection's ACL user may not run {command} on keys like '{key}': its key patterns (~pattern) do not cover it; grant one, e.g. ACL SETUSER <user> ~{Pattern(key)}, or keep the data inside the user's patterns)"
            : "";
        return $"Redis answered {where} with an error: {serverMessage}{hint}{more}";
    }

    // The key's first segment as a pattern: app:customer:1:object -> app:*, {app:migrations}:lock -> {app:migrations}:*.
    private static string Pattern(string key)
    {
        // A hash-tagged key ({app:migrations}:lock): the tag is the prefix.
        var close = key.StartsWith('{') ? key.IndexOf('}', StringComparison.Ordinal) : -1;
        if (close > 0)
        {
            return key[..(close + 1)] + (key.Length > close + 1 && key[close + 1] == ':' ? ":*" : "*");
        }
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? key[..(colon + 1)] + "*" : key;
    }
}
