using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Complaint.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditEntryHall : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "hall_id",
                table: "audit_entries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_hall",
                table: "audit_entries",
                columns: new[] { "hall_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_entries_hall",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "hall_id",
                table: "audit_entries");
        }
    }
}
