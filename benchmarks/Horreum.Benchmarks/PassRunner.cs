using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Horreum.Orm;
using Horreum.Orm.Embedded;
using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Benchmarks;

/// <summary>
/// The "pass" mode: one Stopwatch-timed pass of each approach over N records in one process against one private
/// redis-server, with peak RSS (VmHWM, reset before each approach through /proc/self/clear_refs) and bytes allocated
/// per record. BenchmarkDotNet over a million records would take hours; this is one honest run, not a statistic.
/// </summary>
public static class PassRunner
{
    private static int Depth { get; set; }

    /// <summary>The port of the server under test, whose own CPU time each measurement reads (INFO cpu).</summary>
    private static int ServerPort { get; set; }

    /// <summary>Runs the pass mode; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        long records = Arg(args, "--records", 1_000_000);
        long naiveRecords = Arg(args, "--naive-records", 20_000);
        long loadSaveRecords = Arg(args, "--loadsave-records", 100_000);
        var rounds = (int)Arg(args, "--rounds", 1);
        var json = ArgText(args, "--json");
        // --only a,b: run just these approaches (names as printed); ratios that need a skipped one are left out.
        var only = ArgText(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        bool Runs(string name) => only is null || only.Contains(name);
        EnginePass.CheckpointEvery = (int)Arg(args, "--checkpoint-every", EnginePass.CheckpointEvery);
        EnginePass.BenchBatchSize = (int)Arg(args, "--engine-batch", EnginePass.BenchBatchSize);
        // --depth N: HorreumOptions.PipelineDepth for the engine and the mapper's load/save-many (default: the library's).
        Depth = (int)Arg(args, "--depth", new HorreumOptions().PipelineDepth);
        EnginePass.PipelineDepth = Depth;

        // --tls: the clients under test speak TLS (CA file trusted, as users would); seeding and the server's
        // ceiling (redis-benchmark, redis-cli --pipe) keep to the plain port, so the ceiling stays the server's own.
        var tls = args.Contains("--tls");
        using var certificates = tls ? await Horreum.TestKit.TestCertificates.CreateAsync() : null;
        await using var plainServer = tls ? null : await LocalRedisServer.StartAsync();
        await using var tlsServer = tls ? await Horreum.TestKit.TlsRedisServer.StartAsync(certificates!) : null;
        var port = tlsServer?.PlainPort ?? plainServer!.Port;
        ServerPort = port;
        var clientPort = tlsServer?.TlsPort ?? port;
        EnginePass.CaFile = certificates?.CaFile;
        var report = new JsonObject
        {
            ["records"] = records,
            ["naiveRecords"] = naiveRecords,
            ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            ["date"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            ["tls"] = tls,
        };
        Console.WriteLine($"redis-server on port {port}; seeding {records:N0} records…");
        var seed = Stopwatch.StartNew();
        await BenchData.SeedAsync(port, records);
        Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:0.0} s");

        // The server's ceiling on the same data: one HGETALL and one one-field HSET per record.
        var hgetall = await BenchData.RedisBenchmarkAsync(port, records, 50, 1000, "HGETALL", "bench:__rand_int__:object");
        var hset1 = await BenchData.RedisBenchmarkAsync(port, records, 50, 1000, "HSET", "bench:__rand_int__:object", "score", "1000000000000000000");
        var ceiling = 1 / ((1 / hgetall) + (1 / hset1));
        var pipeFile = Path.Combine(Path.GetTempPath(), $"horreum-pipe-{Environment.ProcessId}.resp");
        BenchData.WritePipeFile(pipeFile, records);
        var pipe = records / (await BenchData.RedisCliPipeAsync(port, pipeFile)).TotalSeconds;
        File.Delete(pipeFile);
        report["ceiling"] = new JsonObject
        {
            ["hgetallPerSecond"] = Math.Round(hgetall),
            ["hset1PerSecond"] = Math.Round(hset1),
            ["combinedRecordsPerSecond"] = Math.Round(ceiling),
            ["redisCliPipeHset1PerSecond"] = Math.Round(pipe),
            ["how"] = "redis-benchmark -c 50 -P 1000 -n N -r N (its own clock); combined = 1/(1/read + 1/write); redis-cli --pipe timed with process start",
        };
        Console.WriteLine($"ceiling: HGETALL {hgetall:N0}/s, HSET 1 field {hset1:N0}/s, combined {ceiling:N0} records/s; redis-cli --pipe {pipe:N0}/s");

        var clientOptions = new HorreumOptions();
        clientOptions.Tls.CaFile = certificates?.CaFile;
        var configuration = Horreum.Orm.Connections.RedisEndpoint.Parse($"{(tls ? "rediss" : "redis")}://127.0.0.1:{clientPort}").ToConfigurationOptions(clientOptions.Tls, TimeSpan.FromSeconds(10));
        configuration.SyncTimeout = 60_000;
        var mux = await ConnectionMultiplexer.ConnectAsync(configuration);
        // The RESP pipeline's settings as the mapper derives them (TLS and its certificate check included).
        var respOptions = new HorreumClient(mux, clientOptions).RecordTransport.Endpoint!;
        Console.WriteLine($"clients connect to 127.0.0.1:{clientPort} over {(tls ? "TLS" : "plain TCP")}");
        var approaches = new JsonArray();
        var best = new Dictionary<string, double>();
        for (var round = 1; round <= rounds; round++)
        {
            // The same pass as users run it: each migration kind through the runner (lock, registry, journal,
            // checkpoints), with and without field backups.
            foreach (var (name, transport, backups, kind) in new[]
            {
                ("engine-bytes", BulkTransportKind.Resp, false, EngineKind.Bytes),
                ("engine-bytes-backup", BulkTransportKind.Resp, true, EngineKind.Bytes),
                ("engine-typed", BulkTransportKind.Resp, false, EngineKind.Typed),
                ("engine-typed-backup", BulkTransportKind.Resp, true, EngineKind.Typed),
                ("engine-se", BulkTransportKind.StackExchange, false, EngineKind.Typed),
                ("engine-model", BulkTransportKind.Resp, true, EngineKind.Model),
                ("engine-v1v2", BulkTransportKind.Resp, false, EngineKind.V1ToV2),
            })
            {
                if (!Runs(name))
                {
                    continue;
                }
                if (kind == EngineKind.V1ToV2)
                {
                    // Fresh v1 data each round (the upgrade leaves v2 behind), in a database of its own.
                    await BenchData.SeedV1Async(port, records);
                }
                var m = await MeasureAsync(() => EnginePass.RunAsync(mux, transport, backups, kind));
                if (kind == EngineKind.V1ToV2)
                {
                    await BenchData.DropV1Async(port);
                }
                approaches.Add(m.ToJson(name, round));
                best[name] = Math.Max(best.GetValueOrDefault(name), m.PerSecond);
                Console.WriteLine(m.Describe(name, round));
            }
        }
        if (Runs("naive"))
        {
            var naive = await MeasureAsync(() => BenchData.NaivePassAsync(mux.GetDatabase(), naiveRecords));
            approaches.Add(naive.ToJson("naive", 1));
            Console.WriteLine(naive.Describe("naive", 1));
            best["naive"] = naive.PerSecond;
        }
        best["ceiling"] = ceiling;
        report["approaches"] = approaches;
        var ratios = new JsonObject();
        void Ratio(string name, string over, string under, int digits)
        {
            if (best.TryGetValue(over, out var a) && best.TryGetValue(under, out var b) && b > 0)
            {
                ratios[name] = Math.Round(a / b, digits);
            }
        }
        Ratio("engineBytesToCeiling", "engine-bytes", "ceiling", 3);
        Ratio("engineBytesBackupToCeiling", "engine-bytes-backup", "ceiling", 3);
        Ratio("engineBytesToNaive", "engine-bytes", "naive", 1);
        Ratio("engineTypedToCeiling", "engine-typed", "ceiling", 3);
        Ratio("engineTypedBackupToCeiling", "engine-typed-backup", "ceiling", 3);
        Ratio("engineTypedToEngineSe", "engine-typed", "engine-se", 3);
        Ratio("engineModelToCeiling", "engine-model", "ceiling", 3);
        Ratio("engineV1v2ToCeiling", "engine-v1v2", "ceiling", 3);
        report["ratios"] = ratios;
        Console.WriteLine(report["ratios"]!.ToJsonString());

        if (loadSaveRecords > 0 && !tls)
        {
            report["loadSave"] = await LoadSaveAsync(port, mux, Math.Min(loadSaveRecords, records), rounds);
        }
        await mux.CloseAsync();
        mux.Dispose();

        var text = report.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        if (json is not null)
        {
            await File.WriteAllTextAsync(json, text);
        }
        Console.WriteLine(text);
        return 0;
    }

    private static async Task<JsonObject> LoadSaveAsync(int port, ConnectionMultiplexer mux, long n, int rounds)
    {
        var result = new JsonObject { ["records"] = n, ["rounds"] = rounds };
        // The server's own CPU per record under redis-benchmark, to set beside each approach's: which side bounds it.
        var serverBefore = await ServerCpuAsync();
        var hgetall = await BenchData.RedisBenchmarkAsync(port, n, 50, 1000, "HGETALL", "bench:__rand_int__:object");
        var hgetallServer = await ServerCpuAsync() - serverBefore;
        serverBefore = await ServerCpuAsync();
        var hset5 = await BenchData.RedisBenchmarkAsync(port, n, 50, 1000, "HSET", "bench:__rand_int__:object",
            "name", "\"n-000000000001\"", "email", "\"000000000001@x.io\"", "city", "\"Sao Paulo Centro\"", "note", "\"twenty bytes note\"", "score", "1000000000000000001");
        var hset5Server = await ServerCpuAsync() - serverBefore;
        result["redisBenchmarkHgetallPerSecond"] = Math.Round(hgetall);
        result["redisBenchmarkHset5PerSecond"] = Math.Round(hset5);
        result["redisBenchmarkHgetallServerCpuMicrosPerRecord"] = Math.Round(hgetallServer.TotalMicroseconds / n, 2);
        result["redisBenchmarkHset5ServerCpuMicrosPerRecord"] = Math.Round(hset5Server.TotalMicroseconds / n, 2);
        Console.WriteLine($"redis-benchmark: HGETALL {hgetall:N0}/s ({hgetallServer.TotalMicroseconds / n:0.00} µs server CPU/record), HSET 5 fields {hset5:N0}/s ({hset5Server.TotalMicroseconds / n:0.00} µs server CPU/record)");

        // Default options (BulkTransport = Auto): a loopback server without TLS, so calls this big take the RESP pipeline.
        await using var client = new HorreumClient(mux, new HorreumOptions { BatchSize = 1000, PipelineDepth = Depth });
        if (client.TransportFor((int)n).Name != "resp")
        {
            throw new InvalidOperationException("The mapper client would not take the RESP pipeline: load/save-many would not measure it.");
        }
        await using var seClient = new HorreumClient(mux, new HorreumOptions { BatchSize = 1000, BulkTransport = BulkTransportKind.StackExchange });
        var repo = client.Repository<BenchUser>();
        var seRepo = seClient.Repository<BenchUser>();
        var ids = Enumerable.Range(0, (int)n).Select(i => (object)BenchData.Id(i)).ToArray();
        var users = (await seRepo.LoadManyAsync(ids)).Where(u => u is not null).Select(u => u!).ToList();
        if (users.Count != n)
        {
            throw new InvalidOperationException($"{users.Count} of {n} seeded records load back.");
        }

        // Each round runs every approach once, in the same order; the best round of each is kept (the first round
        // of whichever goes first also pays for JIT, so one round favours the later ones).
        var approaches = new (string Key, string Label, string Name, Func<Task<long>> Run)[]
        {
            ("mapperLoadMany", "mapper load-many", "ModelRepository.LoadManyAsync (RESP pipeline, windows of 1000, objects built)", async () => (await repo.LoadManyAsync(ids)).Count(u => u is not null)),
            ("mapperSaveMany", "mapper save-many", "ModelRepository.SaveManyAsync (RESP pipeline, one HMSET per record, MULTI only around a record that also removes fields or sets a TTL; one instances ZADD per page once its writes are acknowledged)", async () => { await repo.SaveManyAsync(users); return users.Count; }),
            ("mapperLoadManySe", "SE load-many", "ModelRepository.LoadManyAsync (BulkTransport = StackExchange, batches of 1000)", async () => (await seRepo.LoadManyAsync(ids)).Count(u => u is not null)),
            ("mapperSaveManySe", "SE save-many", "ModelRepository.SaveManyAsync (BulkTransport = StackExchange, one HMSET per record, MULTI only around a record that also removes fields or sets a TTL; one instances ZADD per page once its writes are acknowledged)", async () => { await seRepo.SaveManyAsync(users); return users.Count; }),
            ("respLoadRaw", "resp load raw", "RespConnection pipelined HGETALL, 500 per flush, field offsets only", () => RespLoadAsync(port, n)),
            ("respSaveRaw", "resp save raw", "RespConnection pipelined HSET of 5 fields, 500 per flush", () => RespSaveAsync(port, n)),
            ("respSaveRawIndexed", "resp save+index", "RespConnection pipelined HSET of 5 fields, 500 per flush, then one ZADD of the 500 ids to an instances index (the server work of save-many, no mapper)", () => RespSaveAsync(port, n, indexed: true)),
        };
        var best = new Dictionary<string, Measurement>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (key, label, _, run) in approaches)
            {
                var m = await MeasureAsync(run);
                Console.WriteLine(m.Describe(label, round));
                if (!best.TryGetValue(key, out var was) || m.PerSecond > was.PerSecond)
                {
                    best[key] = m;
                }
            }
        }
        foreach (var (key, _, name, _) in approaches)
        {
            result[key] = best[key].ToJson(name, rounds);
        }
        double Ratio(string key, double ceiling) => Math.Round(best[key].PerSecond / ceiling, 3);
        result["ratios"] = new JsonObject
        {
            ["mapperLoadManyToRedisBenchmark"] = Ratio("mapperLoadMany", hgetall),
            ["mapperSaveManyToRedisBenchmark"] = Ratio("mapperSaveMany", hset5),
            ["mapperLoadManySeToRedisBenchmark"] = Ratio("mapperLoadManySe", hgetall),
            ["mapperSaveManySeToRedisBenchmark"] = Ratio("mapperSaveManySe", hset5),
            ["respLoadRawToRedisBenchmark"] = Ratio("respLoadRaw", hgetall),
            ["respSaveRawToRedisBenchmark"] = Ratio("respSaveRaw", hset5),
            ["respSaveRawIndexedToRedisBenchmark"] = Ratio("respSaveRawIndexed", hset5),
        };
        Console.WriteLine($"load/save-many, best of {rounds} round(s), against redis-benchmark (HGETALL {hgetall:N0}/s, HSET 5 fields {hset5:N0}/s): {result["ratios"]!.ToJsonString()}");
        return result;
    }

    internal static async Task<long> RespLoadAsync(int port, long n)
    {
        await using var connection = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = port });
        var counter = new FieldCounter();
        for (long start = 0; start < n; start += 500)
        {
            var count = (int)Math.Min(500, n - start);
            for (var i = 0; i < count; i++)
            {
                connection.WriteCommand("HGETALL", BenchData.Key(start + i));
            }
            await connection.FlushAsync();
            await connection.ReadRepliesAsync(count, counter);
        }
        return counter.Records;
    }

    /// <summary>
    /// The plain client's save: HSET of 5 fields, 500 per flush; with <paramref name="indexed"/>, each flush also adds
    /// its 500 ids to an instances sorted set with the time as score (what save-many's index costs the server).
    /// </summary>
    internal static async Task<long> RespSaveAsync(int port, long n, bool indexed = false)
    {
        await using var connection = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = port });
        var ids = new List<string>(500);
        async Task FlushAsync()
        {
            if (indexed && ids.Count > 0)
            {
                var score = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("R", CultureInfo.InvariantCulture);
                connection.BeginCommand("ZADD", 1 + (2 * ids.Count));
                connection.WriteKey("bench:instances");
                foreach (var id in ids)
                {
                    connection.WriteArgument(score);
                    connection.WriteArgument(id);
                }
                ids.Clear();
            }
            await connection.FlushAsync();
            await connection.ReadRepliesAsync(connection.PendingReplies);
        }
        for (long i = 0; i < n; i++)
        {
            var id = BenchData.Id(i);
            connection.WriteCommand("HSET", BenchData.Key(i), "name", $"\"n-{id}\"", "email", $"\"{id}@x.io\"", "city", "\"Sao Paulo Centro\"", "note", "\"twenty bytes note\"", "score", "1000000000000000000");
            if (indexed)
            {
                ids.Add(id);
            }
            if (connection.PendingReplies == 500)
            {
                await FlushAsync();
            }
        }
        await FlushAsync();
        return n;
    }

    /// <summary>The server's own CPU time so far (user + system, from INFO cpu).</summary>
    private static async Task<TimeSpan> ServerCpuAsync()
    {
        await using var connection = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = ServerPort });
        var info = (await connection.ExecuteAsync("INFO", null, ["cpu"])).Text ?? "";
        var seconds = 0.0;
        foreach (var line in info.Split('\n', StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon] is "used_cpu_sys" or "used_cpu_user")
            {
                seconds += double.Parse(line[(colon + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return TimeSpan.FromSeconds(seconds);
    }

    private static async Task<Measurement> MeasureAsync(Func<Task<long>> run)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        ResetPeakRss();
        var before = RssBytes("VmRSS:");
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        // This process's CPU time (every thread, GC included; not redis-server's): per record, it barely moves with
        // the load of a shared machine, where records/s does.
        var server = await ServerCpuAsync();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var count = await run();
        sw.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        server = await ServerCpuAsync() - server;
        return new Measurement(count, sw.Elapsed, bytes, RssBytes("VmHWM:"), before, cpu, server);
    }

    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+), so each approach gets its own peak.
    private static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static long RssBytes(string field)
    {
        foreach (var line in File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status") : [])
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    private static long Arg(string[] args, string name, long fallback)
    {
        var text = ArgText(args, name);
        return text is null ? fallback : long.Parse(text.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    private static string? ArgText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed record Measurement(long Records, TimeSpan Elapsed, long AllocatedBytes, long PeakRss, long RssBefore, TimeSpan ClientCpu, TimeSpan ServerCpu)
    {
        public double PerSecond => Records / Elapsed.TotalSeconds;

        public JsonObject ToJson(string name, int round) => new()
        {
            ["name"] = name,
            ["round"] = round,
            ["records"] = Records,
            ["seconds"] = Math.Round(Elapsed.TotalSeconds, 3),
            ["recordsPerSecond"] = Math.Round(PerSecond),
            ["allocatedBytesPerRecord"] = Records == 0 ? 0 : Math.Round((double)AllocatedBytes / Records, 1),
            ["clientCpuMicrosPerRecord"] = Records == 0 ? 0 : Math.Round(ClientCpu.TotalMicroseconds / Records, 2),
            ["serverCpuMicrosPerRecord"] = Records == 0 ? 0 : Math.Round(ServerCpu.TotalMicroseconds / Records, 2),
            ["peakRssMb"] = Math.Round(PeakRss / 1048576.0, 1),
            ["rssBeforeMb"] = Math.Round(RssBefore / 1048576.0, 1),
        };

        public string Describe(string name, int round) =>
            $"{name,-18} round {round}: {Records,9:N0} records in {Elapsed.TotalSeconds,7:0.00} s = {PerSecond,9:N0}/s, {(Records == 0 ? 0 : (double)AllocatedBytes / Records),7:N0} B/record, {(Records == 0 ? 0 : ClientCpu.TotalMicroseconds / Records),5:0.00} µs CPU/record (server {(Records == 0 ? 0 : ServerCpu.TotalMicroseconds / Records),4:0.00}), peak RSS {PeakRss / 1048576.0:0.0} MB (RSS before {RssBefore / 1048576.0:0.0} MB)";
    }

    /// <summary>Counts records and fields of HGETALL replies without building strings.</summary>
    private sealed class FieldCounter : IRespReplyHandler
    {
        public long Records { get; private set; }

        public void OnReply(int index, in RespReply reply)
        {
            if (reply.GetArray().Count > 0)
            {
                Records++;
            }
        }
    }
}
