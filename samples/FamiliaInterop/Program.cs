using FamiliaInterop;
using Horreum.Orm;
using Horreum.Orm.Connections;
using Horreum.Orm.Encryption;
using Horreum.Orm.Serialization;

// FamiliaInterop: a .NET service on the same Redis as a Ruby Familia 2.x service.
//   export --redis URL            print every object of the mirrored models found in the database
//   write  --redis URL --seed N   save a varied, seeded set of objects and print exactly what was saved
//   --encryption-key VERSION:BASE64   the master key of Vault's encrypted fields (printed as their plaintext)
if (args.Length < 1 || args[0] is not ("export" or "write"))
{
    Console.Error.WriteLine("usage: FamiliaInterop export --redis URL | write --redis URL --seed N  [--encryption-key VERSION:BASE64]");
    return 2;
}
var redis = Option(args, "--redis") ?? Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379/0";
if (!int.TryParse(Option(args, "--seed") ?? "1", System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seed))
{
    Console.Error.WriteLine("--seed takes a whole number");
    return 2;
}
try
{
    await using var client = await HorreumClient.ConnectAsync(redis);
    if ((Option(args, "--encryption-key") ?? Environment.GetEnvironmentVariable("HORREUM_ENCRYPTION_KEY")) is { } key)
    {
        client.Options.Encryption.AddKey(key);
    }
    var lines = args[0] == "export"
        ? await InteropCommands.ExportAsync(client, Console.Error.WriteLine)
        : await InteropCommands.WriteAsync(client, seed, Console.Error.WriteLine);
    var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false));
    foreach (var line in lines)
    {
        await stdout.WriteLineAsync(line);
    }
    await stdout.FlushAsync();
    return 0;
}
catch (Exception ex) when (ex is HorreumConnectionException or ArgumentException or FieldDecodeException or EncryptionException or RecordExistsException)
{
    // The message names the endpoint (password masked), the key, field and value that did not read, the field that
    // would not decrypt (never its value or the key), or the unique value another record holds.
    Console.Error.WriteLine(ex.Message);
    return 1;
}

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
