using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace HallPlatform.Testing;

/// <summary>A server started from one of the repository's scripts, bound to 127.0.0.1 and stopped by process id.</summary>
internal sealed partial class ServerProcess : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly string _pidFileForSignal;

    private ServerProcess(Process process, string pidFileForSignal)
    {
        _process = process;
        _pidFileForSignal = pidFileForSignal;
    }

    public int ProcessId => _process.Id;

    /// <param name="pidFileForSignal">
    /// A pid file naming the real server process (PostgreSQL's postmaster.pid): it gets SIGINT, a fast shutdown
    /// that does not wait for pooled client connections. Empty: the started process itself gets SIGTERM.
    /// </param>
    public static ServerProcess Start(string script, string dataDir, int port, IDictionary<string, string> environment, string pidFileForSignal = "")
    {
        var startInfo = new ProcessStartInfo("bash", [RepositoryPaths.Script(script), dataDir, port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{script} did not start");
        // Drain output so the server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, pidFileForSignal);
    }

    public bool HasExited => _process.HasExited;

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Ends the server at once, as a crash would (SIGKILL to the process and its children).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            var signalled = false;
            if (_pidFileForSignal.Length > 0 && File.Exists(_pidFileForSignal)
                && int.TryParse(File.ReadLines(_pidFileForSignal).FirstOrDefault(), out var serverPid))
            {
                signalled = Kill(serverPid, SigInt) == 0;
            }
            if (!signalled)
            {
                _ = Kill(_process.Id, SigTerm);
            }
            if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
