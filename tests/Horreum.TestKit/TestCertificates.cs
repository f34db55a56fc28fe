using System.Diagnostics;

namespace Horreum.TestKit;

/// <summary>
/// A throw-away PKI made with <c>openssl</c> in a temp folder: a CA, a server certificate for 127.0.0.1/localhost, a
/// client certificate, and the bad cases (an expired server certificate, one for the wrong host, and a second CA that
/// signed nothing here). Deleted on dispose.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string dir) => Directory = dir;

    /// <summary>The folder holding every file.</summary>
    public string Directory { get; }

    /// <summary>The CA that signed the server and client certificates.</summary>
    public string CaFile => Path.Combine(Directory, "ca.crt");

    /// <summary>A CA that signed nothing the servers present.</summary>
    public string OtherCaFile => Path.Combine(Directory, "other-ca.crt");

    /// <summary>Certificate and key file of <paramref name="name"/>: server, expired, wronghost, client.</summary>
    public (string Certificate, string Key) Pair(string name) => (Path.Combine(Directory, name + ".crt"), Path.Combine(Directory, name + ".key"));

    /// <summary>Makes the files (needs <c>openssl</c> on PATH).</summary>
    public static async Task<TestCertificates> CreateAsync()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("horreum-tls-").FullName;
        var certs = new TestCertificates(dir);
        try
        {
            await certs.CaAsync("ca", "Horreum Test CA").ConfigureAwait(false);
            await certs.CaAsync("other-ca", "Somebody Else's CA").ConfigureAwait(false);
            await certs.SignedAsync("server", "subjectAltName=IP:127.0.0.1,DNS:localhost", days: "2").ConfigureAwait(false);
            await certs.SignedAsync("expired", "subjectAltName=IP:127.0.0.1,DNS:localhost", days: "-1").ConfigureAwait(false);
            await certs.SignedAsync("wronghost", "subjectAltName=DNS:wrong.example", days: "2").ConfigureAwait(false);
            await certs.SignedAsync("client", "extendedKeyUsage=clientAuth", days: "2").ConfigureAwait(false);
            return certs;
        }
        catch
        {
            certs.Dispose();
            throw;
        }
    }

    private Task CaAsync(string name, string subject) =>
        OpenSslAsync("req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + subject);

    private async Task SignedAsync(string name, string extension, string days)
    {
        await OpenSslAsync("req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(Directory, name + ".ext"), extension + "\n").ConfigureAwait(false);
        // -days -1: not-after before not-before, i.e. already expired, still signed by the right CA.
        await OpenSslAsync("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", name + ".crt", "-days", days, "-extfile", name + ".ext").ConfigureAwait(false);
    }

    private async Task OpenSslAsync(params string[] arguments)
    {
        var psi = new ProcessStartInfo("openssl") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("openssl did not start (apt-get install -y openssl).");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {await error.ConfigureAwait(false)}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
