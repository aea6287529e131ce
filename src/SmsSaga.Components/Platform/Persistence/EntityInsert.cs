using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SmsSaga.Components.Platform.Persistence;

/// <summary>
/// An entity's row as one conditional <c>INSERT … SELECT … WHERE</c>, built from the columns EF Core maps it to, for a
/// caller that writes it in a batch of its own (the intakes write a message's first row so). Columns the database fills
/// (an identity, <c>xmin</c>) are left to it; every other mapped column is written, so the row is the one
/// <c>SaveChanges</c> would have inserted.
/// </summary>
public static class EntityInsert
{
    public static NpgsqlBatchCommand Command<T>(DbContext db, T entity, string condition, NpgsqlParameter[] conditionParameters)
        where T : class
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties().Where(p => !FilledByDatabase(p)).ToList();

        var command = new NpgsqlBatchCommand();
        for (var i = 0; i < columns.Count; i++)
        {
            var mapping = columns[i].GetRelationalTypeMapping();
            var value = columns[i].GetGetter().GetClrValue(entity);
            if (value is not null && mapping.Converter is { } converter)
                value = converter.ConvertToProvider(value);
            var parameter = new NpgsqlParameter($"c{i}", value ?? DBNull.Value);
            if (value is null && mapping.DbType is { } dbType)
                parameter.DbType = dbType; // a null says nothing of its type: the column's
            command.Parameters.Add(parameter);
        }

        command.Parameters.AddRange(conditionParameters);
        var names = string.Join(", ", columns.Select(p => $"\"{p.GetColumnName(table)}\""));
        var values = string.Join(", ", columns.Select((_, i) => $"@c{i}"));
        var name = type.GetSchema() is { } schema ? $"\"{schema}\".\"{table.Name}\"" : $"\"{table.Name}\"";
        command.CommandText = $"INSERT INTO {name} ({names}) SELECT {values} WHERE {condition}";
        return command;
    }

    static bool FilledByDatabase(IProperty property) =>
        property.ValueGenerated == ValueGenerated.OnAddOrUpdate // xmin, the row version
        || property.GetValueGenerationStrategy() is NpgsqlValueGenerationStrategy.IdentityAlwaysColumn
            or NpgsqlValueGenerationStrategy.IdentityByDefaultColumn;
}
