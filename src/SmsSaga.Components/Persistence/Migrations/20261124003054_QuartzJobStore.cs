using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsSaga.Components.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class QuartzJobStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "retry_token",
                table: "sms",
                type: "uuid",
                nullable: true);

            migrationBuilder.Sql(SmsSaga.Components.Scheduling.QuartzSchema.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SmsSaga.Components.Scheduling.QuartzSchema.Drop);

            migrationBuilder.DropColumn(
                name: "retry_token",
                table: "sms");
        }
    }
}
