using System.Numerics;
using System.Runtime.CompilerServices;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// A HyperLogLog distinct-count sketch with 2^14 registers (about 0.8 % standard error, 16 KB), with the small-range
/// correction; used once a column has too many distinct values to count them exactly. Adds wait in a small buffer and
/// reach the registers a batch at a time (docs/adr/0047): a register is a maximum, so the order of adds changes nothing.
/// </summary>
internal sealed class HyperLogLog
{
    private const int Precision = 14;
    private const int Registers = 1 << Precision;
    private const int Batch = 1 << 10;   // 4 KB of pending adds
    private readonly byte[] _registers = new byte[Registers];
    // Each pending add as register index << 8 | rank. Applied one value at a time, the 30 numeric columns' 16 KB of
    // registers per worker evict each other from L2 and every add waits for a cache miss; a batch's misses overlap.
    private uint[]? _pending;
    private int _pendingCount;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public void Add(ulong hash)
    {
        var index = (uint)(hash >> (64 - Precision));
        var rank = (uint)BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1;
        var pending = _pending ??= new uint[Batch];
        pending[_pendingCount] = (index << 8) | rank;
        if (++_pendingCount == pending.Length) Apply();
    }

    public void Merge(HyperLogLog other)
    {
        Apply();
        other.Apply();
        for (var i = 0; i < Registers; i++) if (other._registers[i] > _registers[i]) _registers[i] = other._registers[i];
    }

    public long Estimate()
    {
        Apply();
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += Math.ScaleB(1, -r);
            if (r == 0) zeros++;
        }
        var alpha = 0.7213 / (1 + 1.079 / Registers);
        var estimate = alpha * Registers * Registers / sum;
        if (estimate <= 2.5 * Registers && zeros > 0) estimate = Registers * Math.Log((double)Registers / zeros);
        return (long)Math.Round(estimate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per batch of values, as Add
    private void Apply()
    {
        if (_pending is not { } pending) return;
        var registers = _registers;
        foreach (var add in pending.AsSpan(0, _pendingCount))
        {
            ref var register = ref registers[add >> 8];
            if ((byte)add > register) register = (byte)add;
        }
        _pendingCount = 0;
    }

    /// <summary>A well-mixed 64-bit hash of a number (SplitMix64 finaliser over its bits; 0 and -0 hash alike).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public static ulong Hash(double value) => Mix(BitConverter.DoubleToUInt64Bits(value == 0 ? 0 : value));

    /// <summary>A deterministic hash of text (the same in every process, unlike string.GetHashCode), so estimates repeat run to run.</summary>
    public static ulong Hash(ReadOnlySpan<char> text) => Hash(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text));

    /// <summary>A deterministic 64-bit hash of bytes, eight at a time.</summary>
    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)bytes.Length;
        while (bytes.Length >= 8)
        {
            h = Mix(h ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++) tail |= (ulong)bytes[i] << (8 * i);
        return Mix(h ^ tail ^ 0xFF);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9UL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebUL;
        return x ^ (x >> 31);
    }
}
