using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

/// <summary>The life of a store under test: each backend's test class says how to open a fresh, empty one.</summary>
public abstract class StoreContract : IAsyncLifetime
{
    private MLCycleStore? store;

    protected MLCycleStore Store => store ?? throw new InvalidOperationException("The store opens in InitializeAsync.");

    /// <summary>Opens a fresh, empty store of the backend under test.</summary>
    protected abstract Task<MLCycleStore> OpenStoreAsync();

    /// <summary>Removes what <see cref="OpenStoreAsync"/> created, after the store is closed.</summary>
    protected abstract void DeleteStore();

    public async Task InitializeAsync() => store = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }
        DeleteStore();
    }
}
