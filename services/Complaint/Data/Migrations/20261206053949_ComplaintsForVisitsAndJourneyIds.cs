using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Complaint.Data.Migrations
{
    /// <inheritdoc />
    public partial class ComplaintsForVisitsAndJourneyIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CustomerName",
                table: "complaints",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "JourneyId",
                table: "complaints",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VisitId",
                table: "complaints",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_complaints_visit_id",
                table: "complaints",
                column: "VisitId",
                unique: true,
                filter: "\"VisitId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_complaints_visit_id",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "CustomerName",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "JourneyId",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "VisitId",
                table: "complaints");
        }
    }
}
