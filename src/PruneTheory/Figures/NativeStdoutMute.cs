using System.Runtime.InteropServices;

namespace PruneTheory.Figures;

/// <summary>
/// Skia's SVG canvas prints "Unsupported path effect in addPaint." to the process's stdout or stderr (from native
/// code) for every dashed line; the SVG keeps the line, solid. This points file descriptors 1 and 2 at /dev/null
/// while the SVG is written, so the verdict table stays readable. A no-op where libc is unavailable.
/// </summary>
internal static partial class NativeStdoutMute
{
    private static readonly object Gate = new();

    public static void Run(Action action)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) { action(); return; }
        lock (Gate)
        {
            Console.Out.Flush();
            Console.Error.Flush();
            int savedOut = -1, savedErr = -1, devNull = -1;
            try
            {
                devNull = Open("/dev/null", 1 /* O_WRONLY */);
                if (devNull >= 0)
                {
                    savedOut = Dup(1); savedErr = Dup(2);
                    Dup2(devNull, 1); Dup2(devNull, 2);
                }
                action();
            }
            catch (DllNotFoundException) { action(); }
            finally
            {
                // Native stdio may buffer the message: flush it into /dev/null before the descriptors are restored.
                if (savedOut >= 0) { Flush(IntPtr.Zero); Dup2(savedOut, 1); Close(savedOut); }
                if (savedErr >= 0) { Dup2(savedErr, 2); Close(savedErr); }
                if (devNull >= 0) Close(devNull);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "dup")] private static partial int Dup(int fd);
    [LibraryImport("libc", EntryPoint = "dup2")] private static partial int Dup2(int from, int to);
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)] private static partial int Open(string path, int flags);
    [LibraryImport("libc", EntryPoint = "close")] private static partial int Close(int fd);
    [LibraryImport("libc", EntryPoint = "fflush")] private static partial int Flush(IntPtr stream);
}
