using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Business.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderJourneyTrace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "journey_trace_parent",
                table: "orders",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "journey_trace_parent",
                table: "orders");
        }
    }
}
