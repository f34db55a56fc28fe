using System.Text;
using Horreum.Orm.Transport;

namespace Horreum.Orm.Tests.Transport;

/// <summary>The connection's batch API against a fake server that delivers one byte per read.</summary>
public sealed class RespConnectionTests
{
    private static byte[] Replies(params RespValue[] values) => values.SelectMany(RespGenerators.Encode).ToArray();

    [Fact]
    public async Task ReadRepliesAsync_replies_arriving_one_byte_at_a_time_reach_the_handler_in_order()
    {
        var expected = new[]
        {
            RespValue.FromArray([RespValue.Bulk("name"), RespValue.Bulk("\"a\r\nb\""), RespValue.Bulk("n"), RespValue.Bulk("42")]),
            RespValue.Bulk((byte[]?)null),
            RespValue.FromInteger(1),
            RespValue.FromArray([RespValue.Bulk("0"), RespValue.FromArray([RespValue.Bulk("k1"), RespValue.Bulk("k2")])]),
        };
        var stream = new TrickleStream(Replies(expected));
        await using var connection = new RespConnection(stream);
        connection.WriteCommand("HGETALL", "k1");
        connection.WriteCommand("GET", "k2");
        connection.WriteCommand("HSET", "k3", "f", "v");
        connection.WriteCommand("SCAN", null, "0", "COUNT", "200");
        await connection.FlushAsync(TestContext.Current.CancellationToken);

        var handler = new CollectingHandler();
        await connection.ReadRepliesAsync(4, handler, TestContext.Current.CancellationToken);

        Assert.Equal([0, 1, 2, 3], handler.Replies.Select(r => r.Index));
        Assert.Equal(expected, handler.Replies.Select(r => r.Value));
        Assert.Equal(0, connection.PendingReplies);
        var sent = RespParser.Parse(stream.Written.ToArray().AsMemory(0, (int)LengthOfFirst(stream.Written.ToArray())));
        Assert.Equal("HGETALL", sent.Items![0].Text);
    }

    [Fact]
    public async Task ReadRepliesAsync_error_reply_names_command_and_key_and_keeps_the_connection_in_step()
    {
        var stream = new TrickleStream(Replies(
            RespValue.FromInteger(1),
            RespValue.Error("WRONGTYPE Operation against a key holding the wrong kind of value"),
            RespValue.Error("ERR second"),
            RespValue.SimpleString("OK"),
            RespValue.SimpleString("PONG")));
        await using var connection = new RespConnection(stream);
        connection.WriteCommand("HSET", "user:1:object", "f", "v");
        connection.BeginCommand("HSET", 3);
        connection.WriteKey("user:2:object"u8);
        connection.WriteArgument("f"u8);
        connection.WriteArgument(7);
        connection.WriteCommand("HDEL", "user:3:object", "f");
        connection.WriteCommand("SET", "k", "v");
        await connection.FlushAsync(TestContext.Current.CancellationToken);

        var handler = new CollectingHandler();
        var error = await Assert.ThrowsAsync<RedisReplyException>(() => connection.ReadRepliesAsync(4, handler, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal("HSET", error.Command);
        Assert.Equal("user:2:object", error.Key);
        Assert.StartsWith("WRONGTYPE", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(1, error.OtherErrors);
        Assert.Contains("HSET user:2:object", error.Message, StringComparison.Ordinal);
        Assert.Equal([0, 3], handler.Replies.Select(r => r.Index));

        connection.WriteCommand("PING", null);
        await connection.FlushAsync(TestContext.Current.CancellationToken);
        var pong = new CollectingHandler();
        await connection.ReadRepliesAsync(1, pong, TestContext.Current.CancellationToken);
        Assert.Equal("PONG", pong.Replies.Single().Value.Text);
    }

    [Fact]
    public async Task WriteKey_many_keys_in_flight_past_the_ring_size_still_name_the_right_key()
    {
        // 5,000 pending byte keys overflow the initial key ring (16 KB) several times; the failing one is near the end.
        const int count = 5000;
        var replies = Enumerable.Range(0, count).Select(i => i == count - 2 ? RespValue.Error("ERR boom") : RespValue.FromInteger(1)).ToArray();
        await using var connection = new RespConnection(new TrickleStream(Replies(replies)));
        for (var i = 0; i < count; i++)
        {
            connection.BeginCommand("HSET", 3);
            connection.WriteKey(Encoding.UTF8.GetBytes($"bench:{i:D12}:object"));
            connection.WriteArgument("f");
            connection.WriteArgument(i);
            if (i == count / 2)
            {
                // Read some replies in the middle so the ring wraps around.
                await connection.FlushAsync(TestContext.Current.CancellationToken);
                await connection.ReadRepliesAsync(1000, TestContext.Current.CancellationToken);
            }
        }
        await connection.FlushAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<RedisReplyException>(() => connection.ReadRepliesAsync(connection.PendingReplies, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal($"bench:{count - 2:D12}:object", error.Key);
    }

    [Fact]
    public async Task ReadRepliesAsync_next_batch_already_buffered_is_read_without_asking_the_socket()
    {
        var stream = new TrickleStream(Replies(RespValue.FromInteger(1), RespValue.FromInteger(2), RespValue.FromInteger(3)), chunk: 4096, failPastEnd: true);
        await using var connection = new RespConnection(stream);
        connection.WriteCommand("INCR", "a");
        connection.WriteCommand("INCR", "b");
        connection.WriteCommand("INCR", "c");
        await connection.FlushAsync(TestContext.Current.CancellationToken);

        var first = new CollectingHandler();
        var rest = new CollectingHandler();
        await connection.ReadRepliesAsync(1, first, TestContext.Current.CancellationToken);
        await connection.ReadRepliesAsync(2, rest, TestContext.Current.CancellationToken);

        Assert.Equal(1, first.Replies.Single().Value.Number);
        Assert.Equal([2L, 3L], rest.Replies.Select(r => r.Value.Number));
    }

    [Fact]
    public async Task FlushAsync_command_missing_arguments_throws_before_sending()
    {
        await using var connection = new RespConnection(new TrickleStream([]));
        connection.BeginCommand("HSET", 3);
        connection.WriteKey("k");

        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.FlushAsync(TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task ReadRepliesAsync_server_closes_mid_reply_throws_protocol_exception()
    {
        await using var connection = new RespConnection(new TrickleStream("$10\r\nabc"u8.ToArray()));
        connection.WriteCommand("GET", "k");
        await connection.FlushAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<RespProtocolException>(() => connection.ReadRepliesAsync(1, TestContext.Current.CancellationToken).AsTask());
    }

    private static long LengthOfFirst(byte[] bytes)
    {
        RespParser.TryFindEnd(new System.Buffers.ReadOnlySequence<byte>(bytes), out var length);
        return length;
    }

    [Fact]
    public async Task DisposeAsync_drops_unflushed_commands_and_never_throws()
    {
        var stream = new TrickleStream([]);
        var connection = new RespConnection(stream);
        connection.WriteCommand("HSET", "k", "f", "v");
        await connection.DisposeAsync(); // must not throw, and must not send the unflushed HSET
        Assert.Equal(0, stream.Written.Length);
    }
}
