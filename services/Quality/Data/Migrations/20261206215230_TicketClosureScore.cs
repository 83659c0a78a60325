using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Quality.Data.Migrations
{
    /// <inheritdoc />
    public partial class TicketClosureScore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "closure_score",
                table: "follow_up_cases",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "closure_score",
                table: "follow_up_cases");
        }
    }
}
