using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// One pipelined RESP2 connection (plain TCP or TLS) over System.IO.Pipelines, built for bulk work: write many
/// commands, flush once, then read their replies into a callback. No Task is created per command; a batch costs
/// one flush and one read loop. Not thread-safe: one caller at a time (reading and writing are ordered by the caller).
/// </summary>
internal sealed partial class RespConnection : ICommandWriter, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly PendingQueue _pending = new();
    private int _partsLeft;
    private bool _faulted;
    private int _disposed;
    private RedisReplyException? _firstError;
    private int _errorCount;
    private string _endpoint = "the stream given";

    internal RespConnection(Stream stream)
    {
        _stream = stream;
        // Big buffers: a flush of 500 commands or a page of 200 hashes should move in one or two syscalls.
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024));
    }

    /// <summary>Commands written whose replies have not been read yet.</summary>
    public int PendingReplies => _pending.Count;

    /// <summary>
    /// Starts a command: writes its header and name. Exactly <paramref name="argumentCount"/> calls of
    /// <see cref="WriteKey(string)"/> or <c>WriteArgument</c> must follow before the next command or a flush.
    /// </summary>
    public void BeginCommand(string command, int argumentCount)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfNegative(argumentCount);
        ThrowIfUnusable();
        if (_partsLeft != 0)
        {
            throw new InvalidOperationException($"The previous command still expects {_partsLeft} argument(s).");
        }
        RespEncoder.WriteArrayHeader(_writer, argumentCount + 1);
        RespEncoder.WriteBulkString(_writer, command);
        _pending.Enqueue(command);
        _partsLeft = argumentCount;
    }

    /// <summary>Writes the key argument; it names the command in an error. The bytes are copied.</summary>
    public void WriteKey(ReadOnlySpan<byte> key)
    {
        TakePart();
        RespEncoder.WriteBulkString(_writer, key);
        _pending.SetLastKey(key);
    }

    /// <summary>Writes the key argument; it names the command in an error.</summary>
    public void WriteKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        TakePart();
        RespEncoder.WriteBulkString(_writer, key);
        _pending.SetLastKey(key);
    }

    /// <summary>Writes a binary argument.</summary>
    public void WriteArgument(ReadOnlySpan<byte> value)
    {
        TakePart();
        RespEncoder.WriteBulkString(_writer, value);
    }

    /// <summary>Writes a text argument (UTF-8).</summary>
    public void WriteArgument(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        TakePart();
        RespEncoder.WriteBulkString(_writer, value);
    }

    /// <summary>Writes an integer argument (invariant digits).</summary>
    public void WriteArgument(long value)
    {
        TakePart();
        RespEncoder.WriteBulkString(_writer, value);
    }

    /// <summary>Writes a whole command with text arguments; <paramref name="key"/> (when not null) goes first.</summary>
    public void WriteCommand(string command, string? key, params ReadOnlySpan<string> arguments)
    {
        BeginCommand(command, arguments.Length + (key is null ? 0 : 1));
        if (key is not null)
        {
            WriteKey(key);
        }
        foreach (var argument in arguments)
        {
            WriteArgument(argument);
        }
    }

    /// <summary>Sends everything written so far.</summary>
    /// <exception cref="InvalidOperationException">A command is still missing arguments.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        if (_partsLeft != 0)
        {
            throw new InvalidOperationException($"Cannot flush: the last command still expects {_partsLeft} argument(s).");
        }
        try
        {
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _faulted = true;
            throw Lost(ex);
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>
    /// Reads the replies of the <paramref name="count"/> oldest unread commands, handing each non-error reply to
    /// <paramref name="handler"/> as it arrives. Error replies go to the handler when it is an
    /// <see cref="IRespErrorHandler"/>; otherwise they are collected and, after the whole batch is read (so the
    /// connection stays in step), the first becomes a <see cref="RedisReplyException"/> naming its command and key.
    /// </summary>
    /// <exception cref="RedisReplyException">At least one command of the batch got an error reply.</exception>
    /// <exception cref="RespProtocolException">The server sent bytes that are not RESP2, or closed the connection.</exception>
    /// <exception cref="RespConnectionLostException">The socket failed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadRepliesAsync<THandler>(int count, THandler handler, CancellationToken cancellationToken = default)
        where THandler : IRespReplyHandler
    {
        ArgumentNullException.ThrowIfNull(handler);
        ThrowIfUnusable();
        if (count < 0 || count > _pending.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{_pending.Count} replies are pending.");
        }
        _firstError = null;
        _errorCount = 0;
        var index = 0;
        try
        {
            while (index < count)
            {
                var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    index = Consume(ref buffer, index, count, handler);
                }
                finally
                {
                    // Stopped at an incomplete reply: everything was examined, so the next read waits for new bytes.
                    // Stopped because the batch is done: later replies may already be buffered, so only mark what
                    // was consumed, or the next batch would wait for bytes that have already arrived.
                    if (index < count)
                    {
                        _reader.AdvanceTo(buffer.Start, buffer.End);
                    }
                    else
                    {
                        _reader.AdvanceTo(buffer.Start);
                    }
                }
                if (index < count && result.IsCompleted)
                {
                    throw new RespProtocolException($"Redis at {_endpoint} closed the connection with {count - index} replies outstanding.");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _faulted = true;
            throw Lost(ex);
        }
        catch (Exception ex) when (ex is RespProtocolException or OperationCanceledException)
        {
            // Part of a batch read: the reply stream can no longer be matched to commands.
            _faulted = true;
            throw;
        }
        if (_firstError is not null)
        {
            var first = _firstError;
            _firstError = null;
            throw _errorCount > 1 ? new RedisReplyException(first.Command, first.Key, first.ServerMessage, _errorCount - 1) : first;
        }
    }

    /// <summary>Reads and checks the replies of the <paramref name="count"/> oldest unread commands, discarding them.</summary>
    /// <exception cref="RedisReplyException">At least one command of the batch got an error reply.</exception>
    public ValueTask ReadRepliesAsync(int count, CancellationToken cancellationToken = default) =>
        ReadRepliesAsync(count, DiscardHandler.Instance, cancellationToken);

    /// <summary>Sends one command and returns its reply as objects: for setup and rare commands, not bulk work.</summary>
    /// <exception cref="RedisReplyException">Redis answered with an error.</exception>
    public async Task<RespValue> ExecuteAsync(string command, string? key, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        BeginCommand(command, arguments.Count + (key is null ? 0 : 1));
        if (key is not null)
        {
            WriteKey(key);
        }
        foreach (var argument in arguments)
        {
            WriteArgument(argument);
        }
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var capture = new CaptureHandler();
        await ReadRepliesAsync(_pending.Count, capture, cancellationToken).ConfigureAwait(false);
        return capture.Last!;
    }

    private int Consume<THandler>(ref ReadOnlySequence<byte> buffer, int index, int count, THandler handler)
        where THandler : IRespReplyHandler
    {
        while (index < count && RespParser.TryFindEnd(buffer, out var length))
        {
            var raw = buffer.Slice(0, length);
            buffer = buffer.Slice(length);
            var pending = _pending.Dequeue(out var keyBytes);
            if (raw.FirstSpan[0] == (byte)'-')
            {
                var message = Encoding.UTF8.GetString(raw.Slice(1, raw.Length - 3));
                var key = pending.KeyText ?? (keyBytes.IsEmpty && pending.KeyLength < 0 ? null : Encoding.UTF8.GetString(keyBytes));
                if (handler is IRespErrorHandler errors)
                {
                    errors.OnError(index, new RedisReplyException(pending.Command, key, message));
                }
                else
                {
                    _errorCount++;
                    _firstError ??= new RedisReplyException(pending.Command, key, message);
                }
                _pending.Release(pending);
                index++;
                continue;
            }
            _pending.Release(pending);
            handler.OnReply(index, new RespReply(raw));
            index++;
        }
        return index;
    }

    private RespConnectionLostException Lost(Exception ex) =>
        new($"Lost the connection to Redis at {_endpoint}: {ex.Message} Commands already sent may or may not have run.", ex);

    private void TakePart()
    {
        if (_partsLeft == 0)
        {
            throw new InvalidOperationException("No command is expecting an argument: call BeginCommand with the right count.");
        }
        _partsLeft--;
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_faulted)
        {
            throw new InvalidOperationException("The connection failed during an earlier read or write and is out of step with the server; open a new one.");
        }
    }

    /// <summary>
    /// Closes the connection; unread replies are dropped, and so are commands written but never flushed (after a
    /// failure, sending them at close would write data nobody checks). Never throws, so it cannot hide the
    /// exception that made the caller close it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            // Completing with an exception discards what is buffered instead of flushing it to the server.
            await _writer.CompleteAsync(new ObjectDisposedException(nameof(RespConnection), "closed; unflushed commands were dropped")).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
        try
        {
            await _reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
