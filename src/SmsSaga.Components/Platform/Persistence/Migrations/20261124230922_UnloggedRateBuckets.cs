using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsSaga.Components.Platform.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class UnloggedRateBuckets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "rate_buckets")
                .Annotation("Npgsql:UnloggedTable", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "rate_buckets")
                .OldAnnotation("Npgsql:UnloggedTable", true);
        }
    }
}
