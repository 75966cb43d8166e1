namespace MLCycle.Access;

/// <summary>What a user may do on an experiment or a model; each role includes the ones before it.</summary>
public enum Role
{
    /// <summary>Read runs, models, versions and metrics; score with the model.</summary>
    Reader = 1,

    /// <summary>Also write: log runs, register versions, change descriptions.</summary>
    Editor = 2,

    /// <summary>Also approve: move aliases such as champion, accept a challenger.</summary>
    Approver = 3,

    /// <summary>Everything, including who may do what.</summary>
    Admin = 4,
}
