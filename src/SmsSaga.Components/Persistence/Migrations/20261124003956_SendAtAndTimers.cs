using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsSaga.Components.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SendAtAndTimers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "category",
                table: "sms",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "transactional");

            migrationBuilder.AddColumn<bool>(
                name: "report_window_closed",
                table: "sms",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "report_window_token",
                table: "sms",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "send_at",
                table: "sms",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "send_time_token",
                table: "sms",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "sending_timeout_token",
                table: "sms",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "category",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "report_window_closed",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "report_window_token",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "send_at",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "send_time_token",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "sending_timeout_token",
                table: "sms");
        }
    }
}
