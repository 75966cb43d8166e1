using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Large scan buffers that Linux backs with 2 MB pages (transparent huge pages, which the kernel gives to memory that
/// asks with <c>madvise</c>). On a virtual machine every first touch of a 4 KB page is a trap into the kernel costing
/// microseconds; the kept numbers and row sample of a million rows by 50 columns would take about 70,000 of them, and
/// take a few hundred as huge pages (docs/adr/0048). Advice only: where the platform or the kernel says no, the array is
/// the same and only slower to fill.
/// </summary>
internal static class HugePages
{
    private const int AdviseHugePage = 14;   // MADV_HUGEPAGE
    private const long PageBytes = 2 << 20;
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>
    /// An uninitialised array holding at least <paramref name="length"/> elements from <paramref name="start"/> on, with
    /// those elements on huge pages when the kernel agrees. Arrays under two huge pages are ordinary ones (start 0).
    /// </summary>
    public static T[] Allocate<T>(int length, out int start) where T : unmanaged
    {
        start = 0;
        var size = Unsafe.SizeOf<T>();
        var bytes = (long)length * size;
        if (_unavailable || bytes < 2 * PageBytes) return GC.AllocateUninitializedArray<T>(length);
        // Whole huge pages for the elements, and one more so that they can start on a page boundary. Pinned (the pinned
        // object heap), so the address advised stays the array's; untouched room costs no memory.
        var pages = (bytes + PageBytes - 1) / PageBytes;
        var array = GC.AllocateUninitializedArray<T>((int)((pages + 1) * PageBytes / size), pinned: true);
        var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        var aligned = (address + PageBytes - 1) & ~(PageBytes - 1);
        if ((aligned - address) % size != 0) return array;   // elements cannot start on the boundary: no advice
        start = (int)((aligned - address) / size);
        try
        {
            _ = Madvise((nint)aligned, (nuint)(pages * PageBytes), AdviseHugePage);   // a refusal leaves 4 KB pages
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
        }
        return array;
    }

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
}
