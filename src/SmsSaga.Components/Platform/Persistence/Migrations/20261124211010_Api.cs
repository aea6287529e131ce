using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SmsSaga.Components.Platform.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Api : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "burst",
                table: "clients",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "callback_secret",
                table: "clients",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "callback_url",
                table: "clients",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "help_text",
                table: "clients",
                type: "character varying(640)",
                maxLength: 640,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "rate_per_second",
                table: "clients",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    secret_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "callback_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    response_status = table.Column<int>(type: "integer", nullable: true),
                    error = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    duration_ms = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_callback_attempts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotent_requests",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    operation = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    request_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    response_body = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotent_requests", x => new { x.client_id, x.key });
                });

            migrationBuilder.CreateTable(
                name: "message_callbacks",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_callbacks", x => x.message_id);
                });

            migrationBuilder.CreateTable(
                name: "opt_outs",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    keyword = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_opt_outs", x => new { x.client_id, x.number });
                });

            migrationBuilder.CreateTable(
                name: "provider_reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    provider_message_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    delivered = table.Column<bool>(type: "boolean", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    matched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rate_buckets",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    tokens = table.Column<double>(type: "double precision", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    granted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rate_buckets", x => x.client_id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sms_client_id_created_at_id",
                table: "sms",
                columns: new[] { "client_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_sms_recipient_created_at",
                table: "sms",
                columns: new[] { "recipient", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_provider_attempts_provider_message_id",
                table: "provider_attempts",
                column: "provider_message_id");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_client_id",
                table: "api_keys",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "IX_callback_attempts_message_id_id",
                table: "callback_attempts",
                columns: new[] { "message_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_idempotent_requests_created_at",
                table: "idempotent_requests",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_provider_reports_pending",
                table: "provider_reports",
                column: "received_at",
                filter: "matched_at IS NULL AND expired_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "callback_attempts");

            migrationBuilder.DropTable(
                name: "idempotent_requests");

            migrationBuilder.DropTable(
                name: "message_callbacks");

            migrationBuilder.DropTable(
                name: "opt_outs");

            migrationBuilder.DropTable(
                name: "provider_reports");

            migrationBuilder.DropTable(
                name: "rate_buckets");

            migrationBuilder.DropIndex(
                name: "IX_sms_client_id_created_at_id",
                table: "sms");

            migrationBuilder.DropIndex(
                name: "IX_sms_recipient_created_at",
                table: "sms");

            migrationBuilder.DropIndex(
                name: "IX_provider_attempts_provider_message_id",
                table: "provider_attempts");

            migrationBuilder.DropColumn(
                name: "burst",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "callback_secret",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "callback_url",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "help_text",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "rate_per_second",
                table: "clients");
        }
    }
}
