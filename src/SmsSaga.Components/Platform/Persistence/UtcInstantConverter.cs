using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmsSaga.Components.Platform.Persistence;

/// <summary>An instant as PostgreSQL stores it: the same moment, offset zero.</summary>
public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v.ToUniversalTime());
