using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Complaint.Data.Migrations
{
    /// <inheritdoc />
    public partial class JourneyTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "JourneyTraceParent",
                table: "complaints",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "JourneyTraceParent",
                table: "complaints");
        }
    }
}
