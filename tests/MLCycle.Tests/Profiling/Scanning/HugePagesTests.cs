using System.Runtime.InteropServices;
using MLCycle.Profiling.Scanning;

namespace MLCycle.Tests.Profiling.Scanning;

public sealed class HugePagesTests
{
    private const long PageBytes = 2 << 20;

    [Fact]
    public void Allocate_large_startsTheElementsOnAHugePageBoundaryWithRoomForAll()
    {
        const int length = 3_000_001;   // 24 MB of doubles: not a whole number of 2 MB pages

        var array = HugePages.Allocate<double>(length, out var start);

        Assert.True(array.Length - start >= length, $"{array.Length - start} elements from the start, {length} asked");
        if (OperatingSystem.IsLinux())
            Assert.Equal(0, (long)Marshal.UnsafeAddrOfPinnedArrayElement(array, start) % PageBytes);
        var values = array.AsSpan(start, length);
        for (var i = 0; i < length; i += 4_099) values[i] = i;
        for (var i = 0; i < length; i += 4_099) Assert.Equal(i, values[i]);
    }

    [Fact]
    public void Allocate_small_isAnOrdinaryArrayFromZero()
    {
        var array = HugePages.Allocate<int>(1_000, out var start);

        Assert.Equal(0, start);
        Assert.Equal(1_000, array.Length);
    }
}
