using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Horreum.Orm.Embedded;

/// <summary>
/// A private <c>redis-server</c> on a free 127.0.0.1 port, with no persistence, for demos and tests.
/// The process is stopped and its working folder removed on dispose.
/// </summary>
internal sealed class LocalRedisServer : IAsyncDisposable
{
    /// <summary>The command that installs the server on Debian/Ubuntu.</summary>
    public const string InstallHint = "apt-get update && apt-get install -y redis-server redis-tools";

    private readonly Process _process;
    private readonly string _workDir;
    private int _disposed;

    private LocalRedisServer(Process process, int port, string workDir)
    {
        _process = process;
        Port = port;
        _workDir = workDir;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConfigurationString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

    /// <summary>
    /// Starts <c>redis-server</c> (found on PATH or at <paramref name="serverPath"/>) and waits until it answers PING.
    /// </summary>
    /// <param name="serverPath">The executable; <c>redis-server</c> from PATH when null.</param>
    /// <param name="extraArguments">More command-line options, e.g. <c>--requirepass secret</c>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The binary is missing or the server did not start.</exception>
    public static Task<LocalRedisServer> StartAsync(string? serverPath = null, IReadOnlyList<string>? extraArguments = null, CancellationToken cancellationToken = default) =>
        StartAsync(serverPath, extraArguments, FreePort, cancellationToken);

    /// <summary>As <see cref="StartAsync(string?, IReadOnlyList{string}?, CancellationToken)"/>, with the port chosen by <paramref name="choosePort"/> (e.g. one whose cluster bus port, +10000, is valid too).</summary>
    public static async Task<LocalRedisServer> StartAsync(string? serverPath, IReadOnlyList<string>? extraArguments, Func<int> choosePort, CancellationToken cancellationToken = default)
    {
        var exe = serverPath ?? FindOnPath("redis-server")
            ?? throw new InvalidOperationException($"redis-server was not found on PATH. Install it with: {InstallHint}");

        // A port taken between probing and binding makes redis-server exit at once; try a few.
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = choosePort();
            var dir = Directory.CreateTempSubdirectory("horreum-redis-").FullName;
            var psi = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dir,
            };
            foreach (var arg in new[]
            {
                "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no",
                "--protected-mode", "yes", "--enable-debug-command", "yes",
            })
            {
                psi.ArgumentList.Add(arg);
            }
            foreach (var arg in extraArguments ?? [])
            {
                psi.ArgumentList.Add(arg);
            }

            Process process;
            try
            {
                process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start.");
            }
            catch (Win32Exception ex)
            {
                throw new InvalidOperationException($"Could not run '{exe}': {ex.Message}. Install it with: {InstallHint}", ex);
            }
            process.OutputDataReceived += static (_, _) => { };
            process.ErrorDataReceived += static (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var server = new LocalRedisServer(process, port, dir);
            try
            {
                await server.WaitForPingAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                last = ex;
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
        throw new InvalidOperationException($"redis-server ({exe}) did not answer PING on a loopback port after 5 attempts.", last);
    }

    private async Task WaitForPingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} before answering PING on port {Port}.");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                // +PONG, or -NOAUTH when a password is required: either way the server is up.
                if (read > 0 && (buffer[0] == (byte)'+' || buffer[0] == (byte)'-'))
                {
                    return;
                }
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
            }
            catch (IOException) when (deadline.Elapsed < timeout)
            {
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"redis-server on port {Port} did not answer PING within {timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Finds an executable on PATH; null when absent.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>A port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Leaves the server running after this object is disposed (for a demo the user keeps exploring); returns its
    /// process id so the user can stop it.
    /// </summary>
    public int Detach()
    {
        Interlocked.Exchange(ref _disposed, 1);
        return _process.Id;
    }

    /// <summary>Stops the server and removes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_workDir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
