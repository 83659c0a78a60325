using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Fault.Data.Migrations
{
    /// <inheritdoc />
    public partial class TicketsForVisitsAndJourneyIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "customer_name",
                table: "trouble_tickets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "journey_id",
                table: "trouble_tickets",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "visit_id",
                table: "trouble_tickets",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_trouble_tickets_visit_id",
                table: "trouble_tickets",
                column: "visit_id",
                unique: true,
                filter: "visit_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_trouble_tickets_visit_id",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "customer_name",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "journey_id",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "visit_id",
                table: "trouble_tickets");
        }
    }
}
