using System.Data.Common;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>Commands on any ADO.NET provider: the statement text is built from constants and column names, every value is a parameter.</summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params KeyValuePair<string, object>[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Statements are built from constants and column names; values are always parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        return command;
    }

    public static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Adds the parameters <c>@column</c> of <paramref name="columns"/> with their <paramref name="values"/>.</summary>
    public static void AddColumns(DbCommand command, IReadOnlyList<string> columns, object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Add(command, "@" + columns[i], values[i]);
        }
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params KeyValuePair<string, object>[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params KeyValuePair<string, object>[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every row of <paramref name="command"/> with <paramref name="read"/>.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static KeyValuePair<string, object> P(string name, object value) => new(name, value);
}
