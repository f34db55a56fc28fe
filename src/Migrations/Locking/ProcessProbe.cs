using System.ComponentModel;
using System.Diagnostics;

namespace Horreum.Migrations.Locking;

/// <summary>Whether a process on this machine is gone (so its lock can be taken over without waiting for the TTL).</summary>
internal static class ProcessProbe
{
    public static bool IsGone(int pid, DateTime startedAtUtc)
    {
        if (pid <= 0)
        {
            return false;
        }
        if (pid == Environment.ProcessId)
        {
            // Another runner in this very process: alive by definition.
            return false;
        }
        if (IsZombie(pid))
        {
            // Killed but not yet reaped by its parent: it will never renew its lock again.
            return true;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return true;
            }
            try
            {
                // A pid reused by a newer process: the holder itself is gone.
                return process.StartTime.ToUniversalTime() > startedAtUtc.AddSeconds(2);
            }
            catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
            {
                return false;
            }
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static bool IsZombie(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
