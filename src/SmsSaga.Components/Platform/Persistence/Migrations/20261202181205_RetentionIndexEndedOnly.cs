using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsSaga.Components.Platform.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RetentionIndexEndedOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sms_updated_at",
                table: "sms");

            migrationBuilder.CreateIndex(
                name: "IX_sms_updated_at",
                table: "sms",
                column: "updated_at",
                filter: "redacted_at IS NULL AND (state IN ('Delivered', 'Failed', 'Canceled') OR (state = 'Sent' AND report_window_closed))");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sms_updated_at",
                table: "sms");

            migrationBuilder.CreateIndex(
                name: "IX_sms_updated_at",
                table: "sms",
                column: "updated_at",
                filter: "redacted_at IS NULL");
        }
    }
}
