using FamiliaInterop;
using Horreum.Orm;

// FamiliaInterop: a .NET service on the same Redis as a Ruby Familia 2.x service.
//   export --redis URL            print every object of the mirrored models found in the database
//   write  --redis URL --seed N   save a varied, seeded set of objects and print exactly what was saved
if (args.Length < 1 || args[0] is not ("export" or "write"))
{
    Console.Error.WriteLine("usage: FamiliaInterop export --redis URL | write --redis URL --seed N");
    return 2;
}
var redis = Option(args, "--redis") ?? Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379/0";
await using var client = await HorreumClient.ConnectAsync(RedisUrl.ToConfiguration(redis));
var lines = args[0] == "export"
    ? await InteropCommands.ExportAsync(client)
    : await InteropCommands.WriteAsync(client, int.Parse(Option(args, "--seed") ?? "1", System.Globalization.CultureInfo.InvariantCulture));
var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false));
foreach (var line in lines)
{
    stdout.WriteLine(line);
}
await stdout.FlushAsync();
return 0;

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
