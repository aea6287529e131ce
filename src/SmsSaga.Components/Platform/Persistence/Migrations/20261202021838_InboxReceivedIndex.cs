using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsSaga.Components.Platform.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InboxReceivedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_inbox_state_delivered",
                table: "inbox_state");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_state_received",
                table: "inbox_state",
                column: "received");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_inbox_state_received",
                table: "inbox_state");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_state_delivered",
                table: "inbox_state",
                column: "delivered");
        }
    }
}
