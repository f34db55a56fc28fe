using System.Diagnostics;
using Horreum.Migrations.FaultHost;

namespace Horreum.Migrations.Tests.Safety;

/// <summary>The fault tests' child process (Horreum.Migrations.FaultHost), started and SIGKILLed after a chosen page, and their audit.</summary>
internal static class FaultChild
{
    // ARGV: the key pattern, then two field/wanted-value pairs (an empty wanted value: the field is absent).
    // Counts the records (total), those where either field is not as wanted (wrong), and those where exactly one
    // is (half-written: one field changed without the other, or a rename that left both fields or neither).
    public const string AuditScript = """
        local function as_wanted(value, want)
          if want == '' then return not value end
          return value == want
        end
        local cursor, wrong, half, total = '0', 0, 0, 0
        repeat
          local reply = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
          cursor = reply[1]
          for _, key in ipairs(reply[2]) do
            local v = redis.call('HMGET', key, ARGV[2], ARGV[4])
            total = total + 1
            local a, b = as_wanted(v[1], ARGV[3]), as_wanted(v[2], ARGV[5])
            if not (a and b) then wrong = wrong + 1 end
            if a ~= b then half = half + 1 end
          end
        until cursor == '0'
        return {total, wrong, half}
        """;

    public static async Task<(bool Killed, long LastProgress)> RunAndKillAsync(string configuration, string ns, int round, int killAfterPages, CancellationToken ct, FaultKind? kind = null)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Horreum.Migrations.FaultHost"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { configuration, ns, round.ToString(System.Globalization.CultureInfo.InvariantCulture), "5000" })
        {
            psi.ArgumentList.Add(arg);
        }
        if (kind is { } k)
        {
            psi.ArgumentList.Add(k.ToString());
        }
        using var child = Process.Start(psi)!;
        child.ErrorDataReceived += static (_, _) => { };
        child.BeginErrorReadLine();
        var pages = 0;
        long last = 0;
        var killed = false;
        while (await child.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("progress ", StringComparison.Ordinal))
            {
                last = long.Parse(line["progress ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                if (++pages == killAfterPages)
                {
                    child.Kill(entireProcessTree: true);
                    killed = true;
                    break;
                }
            }
        }
        await child.WaitForExitAsync(ct);
        return (killed, last);
    }
}
