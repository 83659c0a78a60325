using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Reception.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseRequestPerOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_case_requests",
                table: "case_requests");

            migrationBuilder.AddPrimaryKey(
                name: "PK_case_requests",
                table: "case_requests",
                columns: new[] { "visit_id", "owner" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_case_requests",
                table: "case_requests");

            migrationBuilder.AddPrimaryKey(
                name: "PK_case_requests",
                table: "case_requests",
                column: "visit_id");
        }
    }
}
