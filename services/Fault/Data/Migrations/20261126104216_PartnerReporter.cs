using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Fault.Data.Migrations
{
    /// <inheritdoc />
    public partial class PartnerReporter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "reporter_partner_id",
                table: "trouble_tickets",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_trouble_tickets_reporter_partner_id_created_at",
                table: "trouble_tickets",
                columns: new[] { "reporter_partner_id", "created_at" },
                filter: "reporter_partner_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_trouble_tickets_reporter_partner_id_created_at",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "reporter_partner_id",
                table: "trouble_tickets");
        }
    }
}
