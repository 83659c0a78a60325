using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Quality.Data.Migrations
{
    /// <inheritdoc />
    public partial class SurveyAnswerJourneyTrace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "journey_trace_parent",
                table: "follow_up_cases",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "journey_trace_parent",
                table: "follow_up_cases");
        }
    }
}
