using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.PostgreSql;

/// <summary>Settings of a <see cref="PostgreSqlUpgradeStore"/>.</summary>
public sealed class PostgreSqlUpgradeStoreOptions
{
    /// <summary>
    /// True to bring the schema up to date on first use; false (the default for a shared server, whose schema a host
    /// usually migrates with its own tooling) to only check it and raise <see cref="SchemaVersionMismatchException"/>
    /// until the scripts are applied or <see cref="PostgreSqlUpgradeStore.EnsureSchemaAsync"/> is called.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool EnsureSchemaOnFirstUse { get; set; }

    /// <summary>
    /// How many times a transaction the server aborted because of a concurrent one (serialization failure 40001,
    /// deadlock 40P01) is run again. Every transaction of the store is safe to rerun: record writes compare the
    /// version again and appends skip what is stored. When the retries run out, a record write raises
    /// <see cref="ConcurrencyConflictException"/> and any other write <see cref="UpgradeStoreException"/>.
    /// </summary>
    /// <value>The default value is 3.</value>
    public int TransientConflictRetries { get; set; } = 3;

    /// <summary>
    /// How many host instances are expected to share the server with pools like this one's: what
    /// <see cref="PostgreSqlUpgradeStore.CheckConnectionCapacityAsync"/> checks the server's <c>max_connections</c> against.
    /// </summary>
    /// <value>The default value is 2.</value>
    public int ExpectedInstances { get; set; } = 2;

    /// <summary>
    /// True to prepare the statements of the insights on each pooled connection: the server then parses them once per
    /// connection, and plans once those that have no values to plan for (the insights over every record without a
    /// maintenance budget), which makes a repeated call about a quarter cheaper at 10,000 records. Set false behind a
    /// connection pooler that does not carry prepared statements between transactions (PgBouncer in transaction mode
    /// before 1.21, or with <c>max_prepared_statements = 0</c>).
    /// </summary>
    /// <value>The default value is true.</value>
    public bool PrepareStatements { get; set; } = true;

    /// <summary>The clock that stamps when an outbox notification was delivered.</summary>
    /// <value>The default value is <see cref="SystemClock.Instance"/>.</value>
    public IClock Clock { get; set; } = SystemClock.Instance;

    /// <summary>Throws when a setting is invalid, listing every problem at once.</summary>
    /// <exception cref="ArgumentException">One or more settings are invalid.</exception>
    public void Validate() =>
        OptionsSection.ThrowIfAny(Problems(), "Invalid PostgreSQL upgrade store options:");

    /// <summary>The problems of these options, each a sentence starting with the option's name; empty when valid.</summary>
    internal List<string> Problems()
    {
        var problems = new List<string>();
        if (TransientConflictRetries is < 0 or > 100)
        {
            problems.Add($"TransientConflictRetries must be between 0 and 100 (it is {TransientConflictRetries}).");
        }

        if (ExpectedInstances is < 1 or > 1000)
        {
            problems.Add($"ExpectedInstances must be between 1 and 1000 (it is {ExpectedInstances}).");
        }

        if (Clock is null)
        {
            problems.Add("Clock must be set.");
        }

        return problems;
    }
}
