namespace MLCycle.Preparation.Treatments;

/// <summary>What happens to numeric values outside the bounds fitted on the training data.</summary>
public enum OutlierMode
{
    /// <summary>Values are clipped to the bounds, in training and at serving (the bounds are saved inside the model).</summary>
    Clip,
    /// <summary>Training rows outside the bounds are dropped before training; at serving nothing is removed or changed.</summary>
    Remove,
}
