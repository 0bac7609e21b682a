namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The database failed while committing in a way that does not say whether the commit happened (the connection was
/// lost, the server ended the session): the change may be stored (R-STORE-3). Internal: it becomes an
/// <see cref="UpgradeStoreException"/> whose <see cref="UpgradeStoreException.OutcomeKnown"/> is false.
/// </summary>
internal sealed class CommitOutcomeUnknownException(Exception inner)
    : Exception("The database failed while committing: " + inner.Message, inner);
