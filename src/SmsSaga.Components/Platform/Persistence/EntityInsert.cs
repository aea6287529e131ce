using System.Collections.Concurrent;
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
        // The columns and the statement's head depend on the model only: worked out once per entity type.
        var shape = Shapes.GetOrAdd(typeof(T), _ => ShapeOf(db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.")));
        var command = new NpgsqlBatchCommand($"{shape.Head} WHERE {condition}");
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            var mapping = shape.Columns[i].GetRelationalTypeMapping();
            var value = shape.Columns[i].GetGetter().GetClrValue(entity);
            if (value is not null && mapping.Converter is { } converter)
                value = converter.ConvertToProvider(value);
            var parameter = new NpgsqlParameter($"c{i}", value ?? DBNull.Value);
            if (value is null && mapping.DbType is { } dbType)
                parameter.DbType = dbType; // a null says nothing of its type: the column's
            command.Parameters.Add(parameter);
        }

        command.Parameters.AddRange(conditionParameters);
        return command;
    }

    sealed record Shape(IProperty[] Columns, string Head);

    static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    static Shape ShapeOf(IEntityType type)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties().Where(p => !FilledByDatabase(p)).ToArray();
        var names = string.Join(", ", columns.Select(p => $"\"{p.GetColumnName(table)}\""));
        var values = string.Join(", ", columns.Select((_, i) => $"@c{i}"));
        var name = type.GetSchema() is { } schema ? $"\"{schema}\".\"{table.Name}\"" : $"\"{table.Name}\"";
        return new Shape(columns, $"INSERT INTO {name} ({names}) SELECT {values}");
    }

    static bool FilledByDatabase(IProperty property) =>
        property.ValueGenerated == ValueGenerated.OnAddOrUpdate // xmin, the row version
        || property.GetValueGenerationStrategy() is NpgsqlValueGenerationStrategy.IdentityAlwaysColumn
            or NpgsqlValueGenerationStrategy.IdentityByDefaultColumn;
}
