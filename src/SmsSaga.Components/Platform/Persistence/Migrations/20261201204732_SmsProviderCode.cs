using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsSaga.Components.Platform.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SmsProviderCode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "provider_code",
                table: "sms",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "provider_code",
                table: "sms");
        }
    }
}
