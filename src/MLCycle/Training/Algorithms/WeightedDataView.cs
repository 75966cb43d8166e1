using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// Training rows with one more column, <see cref="Column"/>, holding each row's sample weight, for trainers' example
/// weight column. Rows are read in order only (row i of the inner view gets weight i); ML.NET caches the view before
/// a trainer shuffles it. The weight is a training input only: the saved model never asks for it.
/// </summary>
internal sealed class WeightedDataView : IDataView
{
    /// <summary>The name of the weight column trainers are pointed at.</summary>
    public const string Column = "Weight";

    private readonly IDataView _inner;
    private readonly IReadOnlyList<float> _weights;

    public WeightedDataView(IDataView inner, IReadOnlyList<float> weights)
    {
        _inner = inner;
        _weights = weights;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inner.Schema);
        builder.AddColumn(Column, NumberDataViewType.Single);
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _weights.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Where(c => c.Index < _inner.Schema.Count).Select(c => _inner.Schema[c.Index]);
        return new Cursor(this, _inner.GetRowCursor(needed));
    }

    // One ordered cursor keeps row i paired with weight i; a set of one is a valid answer to a request for more.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(WeightedDataView view, DataViewRowCursor inner) : DataViewRowCursor
    {
        private readonly int _weightIndex = view._inner.Schema.Count;

        public override DataViewSchema Schema => view.Schema;
        public override long Position => inner.Position;
        public override long Batch => inner.Batch;

        public override bool MoveNext()
        {
            if (!inner.MoveNext()) return false;
            if (inner.Position >= view._weights.Count)
                throw new InvalidOperationException($"The data has more rows than the {view._weights.Count} sample weights given.");
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == _weightIndex || inner.IsColumnActive(inner.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != _weightIndex) return inner.GetGetter<TValue>(inner.Schema[column.Index]);
            ValueGetter<float> weight = (ref float value) => value = view._weights[(int)inner.Position];
            return weight as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{Column}' holds Single values, not {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
