using System.Collections.Concurrent;

namespace Horreum.Orm.Transport;

/// <summary>
/// The RESP connections a <see cref="HorreumClient"/> keeps for large load-many/save-many calls. A caller rents a
/// connection for the whole call and gives it back at the end, so no two callers ever use one connection at the same
/// time. A connection is kept only when its call ended cleanly (every reply read); at most <see cref="MaxIdle"/> wait
/// idle, and a kept connection the server has closed since is dropped when it is next rented.
/// </summary>
internal sealed class RespConnectionPool : IAsyncDisposable
{
    /// <summary>Idle connections kept at most; more concurrent calls open more, and close them afterwards.</summary>
    public const int MaxIdle = 4;

    private readonly RespConnectionOptions _options;
    // Last in, first out: the most recently used connection is the likeliest to be alive.
    private readonly ConcurrentStack<RespConnection> _idle = new();
    private int _idleCount;
    private long _rentals;
    private long _opened;
    private int _disposed;

    public RespConnectionPool(RespConnectionOptions options) => _options = options;

    /// <summary>Connections handed out so far (diagnostics and tests).</summary>
    public long Rentals => Interlocked.Read(ref _rentals);

    /// <summary>Connections opened so far.</summary>
    public long Opened => Interlocked.Read(ref _opened);

    /// <summary>Connections waiting idle.</summary>
    public int IdleCount => Volatile.Read(ref _idleCount);

    /// <summary>An idle connection that is still open, or a new one.</summary>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async ValueTask<RespConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Interlocked.Increment(ref _rentals);
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            if (connection.CanBeReused())
            {
                return connection;
            }
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        var opened = await RespConnection.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _opened);
        return opened;
    }

    /// <summary>
    /// Takes a connection back. <paramref name="clean"/> says the call read every reply it asked for; any other
    /// ending (an exception mid-batch, a cancellation) leaves the connection out of step, so it is closed.
    /// </summary>
    public async ValueTask ReturnAsync(RespConnection connection, bool clean)
    {
        if (clean && Volatile.Read(ref _disposed) == 0 && connection.CanBeReused())
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Push(connection);
                if (Volatile.Read(ref _disposed) != 0)
                {
                    // Disposed while this one was going back: it must not outlive the client.
                    await DrainAsync().ConfigureAwait(false);
                }
                return;
            }
            Interlocked.Decrement(ref _idleCount);
        }
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Refuses every later rental and return (returned connections are closed); keeps nothing new idle.</summary>
    public void Refuse() => Volatile.Write(ref _disposed, 1);

    /// <summary>Closes the idle connections; rented ones are closed when they come back.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await DrainAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask DrainAsync()
    {
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
