using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Benchmarks;

/// <summary>Data, the shared transform, the naive loop and the server-ceiling tools used by every server suite and the pass mode.</summary>
public static partial class BenchData
{
    /// <summary>SCAN MATCH of every benchmark record.</summary>
    public const string Pattern = "bench:*:object";

    /// <summary>The key of record <paramref name="i"/> (the shape redis-benchmark's -r produces).</summary>
    public static string Key(long i) => "bench:" + i.ToString("D12", CultureInfo.InvariantCulture) + ":object";

    /// <summary>The id of record <paramref name="i"/>.</summary>
    public static string Id(long i) => i.ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes records 0..n-1 (5 fields of ~20 bytes, values as the mapper stores them: JSON text), pipelined 1000
    /// commands per flush on our transport: the fastest way to get 1M hashes in.
    /// </summary>
    public static async Task SeedAsync(int port, long n, CancellationToken cancellationToken = default)
    {
        await using var connection = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = port }, cancellationToken);
        for (long i = 0; i < n; i++)
        {
            var id = Id(i);
            connection.WriteCommand("HSET", Key(i),
                "name", $"\"n-{id}\"", "email", $"\"{id}@x.io\"", "city", "\"Sao Paulo Centro\"", "note", "\"twenty bytes note\"",
                "score", (1_000_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture));
            if (connection.PendingReplies == 1000)
            {
                await connection.FlushAsync(cancellationToken);
                await connection.ReadRepliesAsync(1000, cancellationToken);
            }
        }
        await connection.FlushAsync(cancellationToken);
        await connection.ReadRepliesAsync(connection.PendingReplies, cancellationToken);
    }

    /// <summary>The database of the v1 records (<see cref="BenchUserV1"/>), apart so they never lengthen the other approaches' SCAN.</summary>
    public const int V1Database = 1;

    /// <summary>Writes records 0..n-1 as v1 (plain strings) under <c>benchv1:{id}:object</c> in <see cref="V1Database"/>, after emptying it.</summary>
    public static async Task SeedV1Async(int port, long n, CancellationToken cancellationToken = default)
    {
        await using var connection = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = port, Database = V1Database }, cancellationToken);
        connection.WriteCommand("FLUSHDB", null);
        for (long i = 0; i < n; i++)
        {
            var id = Id(i);
            connection.WriteCommand("HSET", "benchv1:" + id + ":object",
                "name", $"n-{id}", "email", $"{id}@x.io", "city", "Sao Paulo Centro", "note", "twenty bytes note",
                "score", (1_000_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture));
            if (connection.PendingReplies >= 1000)
            {
                await connection.FlushAsync(cancellationToken);
                await connection.ReadRepliesAsync(connection.PendingReplies, cancellationToken);
            }
        }
        await connection.FlushAsync(cancellationToken);
        await connection.ReadRepliesAsync(connection.PendingReplies, cancellationToken);
    }

    /// <summary>Empties <see cref="V1Database"/> (after the v1→v2 approach, outside its timing).</summary>
    public static async Task DropV1Async(int port, CancellationToken cancellationToken = default)
    {
        await using var connection = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = port, Database = V1Database }, cancellationToken);
        connection.WriteCommand("FLUSHDB", null);
        await connection.FlushAsync(cancellationToken);
        await connection.ReadRepliesAsync(1, cancellationToken);
    }

    /// <summary>The migration of every suite: decode only <c>score</c> (a JSON integer), add one, write it back.</summary>
    public static void IncrementScore(BulkRecord record, BulkChanges changes)
    {
        if (record.TryGetValue("score"u8, out var raw) && Utf8Parser.TryParse(raw, out long score, out _))
        {
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat(score + 1, digits, out var written);
            changes.Set("score"u8, digits[..written]);
        }
    }

    /// <summary>
    /// The naive loop people write first: SCAN, then per record an awaited HGETALL and an awaited HSET, through
    /// StackExchange.Redis. Stops after <paramref name="limit"/> records.
    /// </summary>
    public static async Task<long> NaivePassAsync(IDatabase db, long limit)
    {
        long done = 0;
        var cursor = "0";
        do
        {
            var reply = (RedisResult[])(await db.ExecuteAsync("SCAN", cursor, "MATCH", Pattern, "COUNT", "200"))!;
            cursor = (string)reply[0]!;
            foreach (var key in (RedisKey[])reply[1]!)
            {
                var entries = await db.HashGetAllAsync(key);
                var score = entries.FirstOrDefault(e => e.Name == "score").Value;
                if (score.TryParse(out long value))
                {
                    await db.HashSetAsync(key, "score", value + 1);
                }
                if (++done >= limit)
                {
                    return done;
                }
            }
        }
        while (cursor != "0");
        return done;
    }

    /// <summary>Runs redis-benchmark and returns its requests/s (its own clock, process start excluded).</summary>
    public static async Task<double> RedisBenchmarkAsync(int port, long requests, int clients, int pipeline, params string[] command)
    {
        string[] args = ["-p", port.ToString(CultureInfo.InvariantCulture), "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-P", pipeline.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture),
            "-r", requests.ToString(CultureInfo.InvariantCulture), "-q", .. command];
        var output = await RunAsync("redis-benchmark", args, stdin: null);
        var match = RequestsPerSecond().Match(output);
        if (!match.Success)
        {
            throw new InvalidOperationException($"redis-benchmark printed no rate: {output}");
        }
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the RESP of one one-field HSET per record (the write-back of the migration) for redis-cli --pipe.</summary>
    public static void WritePipeFile(string path, long n)
    {
        using var file = File.Create(path);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        for (long i = 0; i < n; i++)
        {
            RespEncoder.WriteCommand(buffer, "HSET", Key(i), "score", (2_000_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture));
            if (buffer.WrittenCount > (1 << 20) - 4096)
            {
                file.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }
        file.Write(buffer.WrittenSpan);
    }

    /// <summary>Times <c>redis-cli --pipe</c> of a file (process start included: a few ms).</summary>
    public static async Task<TimeSpan> RedisCliPipeAsync(int port, string path)
    {
        var sw = Stopwatch.StartNew();
        await RunAsync("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), "--pipe"], stdin: path);
        return sw.Elapsed;
    }

    private static async Task<string> RunAsync(string exe, string[] args, string? stdin)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await using (var input = File.OpenRead(stdin))
            {
                await input.CopyToAsync(process.StandardInput.BaseStream);
            }
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync();
        var text = await stdout + await stderr;
        if (process.ExitCode != 0 || text.Contains("errors:", StringComparison.Ordinal) && !text.Contains("errors: 0", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{exe} failed ({process.ExitCode}): {text}");
        }
        return text;
    }

    [GeneratedRegex(@"([0-9.]+) requests per second")]
    private static partial Regex RequestsPerSecond();
}
