using Microsoft.Extensions.Logging;

namespace Horreum.Cli.Infrastructure;

/// <summary>The library's warnings (an insecure TLS connection) as <c>horreum: warning: …</c> lines on stderr, masked.</summary>
internal sealed class StderrLogger(TextWriter error) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            error.WriteLine("horreum: warning: " + CliIo.Scrub(formatter(state, exception)));
        }
    }
}
