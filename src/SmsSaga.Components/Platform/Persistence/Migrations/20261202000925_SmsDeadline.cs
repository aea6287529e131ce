using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsSaga.Components.Platform.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SmsDeadline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "report_window_token",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "sending_timeout_token",
                table: "sms");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deadline",
                table: "sms",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_sms_deadline",
                table: "sms",
                column: "deadline",
                filter: "deadline IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sms_deadline",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "deadline",
                table: "sms");

            migrationBuilder.AddColumn<Guid>(
                name: "report_window_token",
                table: "sms",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "sending_timeout_token",
                table: "sms",
                type: "uuid",
                nullable: true);
        }
    }
}
