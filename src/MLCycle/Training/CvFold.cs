namespace MLCycle.Training;

/// <summary>One cross-validation fold: the rows a model is fitted on and the rows it is scored on, each ascending.</summary>
public sealed record CvFold(int[] Train, int[] Validation)
{
    /// <summary>Folds whose training rows are every row outside the validation rows (random and group folds).</summary>
    public static CvFold[] Complements(int rows, int[][] validations)
    {
        ArgumentNullException.ThrowIfNull(validations);
        return validations.Select(v =>
        {
            var held = new HashSet<int>(v);
            return new CvFold(Enumerable.Range(0, rows).Where(r => !held.Contains(r)).ToArray(), v);
        }).ToArray();
    }
}
