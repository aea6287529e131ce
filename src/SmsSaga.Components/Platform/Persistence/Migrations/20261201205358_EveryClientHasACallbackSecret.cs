using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsSaga.Components.Platform.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EveryClientHasACallbackSecret : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Clients made before secrets were given at creation get one, so that every callback is signed; they learn it
            // through POST /v1/admin/clients/{id}/callback-secret. gen_random_uuid() draws on PostgreSQL's strong random source.
            migrationBuilder.Sql("""
                UPDATE clients
                SET callback_secret = 'whsec_' || replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')
                WHERE callback_secret IS NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
