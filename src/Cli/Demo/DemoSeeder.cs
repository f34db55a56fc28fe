using System.Globalization;
using StackExchange.Redis;

namespace Horreum.Cli.Demo;

/// <summary>Writes demo data the way the old (v1) app did: plain strings, <c>""</c> for nil, JSON only for arrays.</summary>
internal static class DemoSeeder
{
    public static string CustomerId(int i) => "c" + i.ToString("000000", CultureInfo.InvariantCulture);

    public static async Task SeedAsync(IDatabase db, int customers, CancellationToken cancellationToken, string keyNamespace = "demo")
    {
        var sessions = Math.Max(1, customers / 10);
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        const int batchSize = 1000;
        for (var from = 0; from < customers; from += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = db.CreateBatch();
            var pending = new List<Task>(batchSize * 2);
            for (var i = from; i < Math.Min(customers, from + batchSize); i++)
            {
                var id = CustomerId(i);
                var key = $"{keyNamespace}:customer:{id}:object";
                pending.Add(batch.HashSetAsync(key,
                [
                    new("id", id),
                    new("name", $"Customer {i}"),
                    new("postal_code", (i % 1000).ToString("00000", CultureInfo.InvariantCulture)),
                    new("age", (18 + (i % 70)).ToString(CultureInfo.InvariantCulture)),
                    new("active", i % 7 == 0 ? "false" : (i % 2 == 0 ? "true" : "1")),
                    new("balance", ((i % 2000) + 0.5m).ToString(CultureInfo.InvariantCulture)),
                    new("signed_up_at", start.AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                    new("plan", i % 5 == 0 ? "Pro" : "Free"),
                    new("tags", i % 3 == 0 ? "[\"vip\",\"007\"]" : "[]"),
                    new("nickname", i % 4 == 0 ? $"nick{i}" : (i % 4 == 1 ? "null" : "")),
                ]));
                pending.Add(batch.SortedSetAddAsync($"{keyNamespace}:customer:instances", id, 1_700_000_000 + i));
            }
            for (var s = from / 10; s < Math.Min(sessions, (from + batchSize) / 10); s++)
            {
                var sid = "s" + s.ToString("000000", CultureInfo.InvariantCulture);
                pending.Add(batch.HashSetAsync($"{keyNamespace}:session:{sid}:object",
                [
                    new("id", sid),
                    new("customer_id", CustomerId(s * 10 % customers)),
                    new("ip", $"10.0.{s % 250}.{(s / 250) % 250}"),
                    new("started_at", start.AddHours(s).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                ]));
            }
            batch.Execute();
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }
}
