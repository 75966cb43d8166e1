namespace MLCycle.Tests.Architecture
{
    /// <summary>Two namespaces where the lower one reaches up, so the layering check can be shown to fail.</summary>
    internal static class LayeringFixture
    {
        public const string Lower = "MLCycle.Tests.Architecture.Fixture.Lower";
        public const string Higher = "MLCycle.Tests.Architecture.Fixture.Higher";
    }
}

namespace MLCycle.Tests.Architecture.Fixture.Lower
{
    /// <summary>Breaks the rule on purpose: a lower layer using a higher one.</summary>
    internal sealed class UsesHigher
    {
        public Higher.Model Create() => new();
    }
}

namespace MLCycle.Tests.Architecture.Fixture.Higher
{
    /// <summary>The higher layer's type, which the lower fixture layer should not use.</summary>
    internal sealed class Model;

    /// <summary>Keeps the rule while Higher sits above Lower; breaks it when the order is reversed.</summary>
    internal sealed class UsesLower
    {
        public Lower.UsesHigher Create() => new();
    }
}
