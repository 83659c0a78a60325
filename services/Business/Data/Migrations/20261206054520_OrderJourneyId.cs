using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Business.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderJourneyId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "journey_id",
                table: "orders",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "journey_id",
                table: "orders");
        }
    }
}
