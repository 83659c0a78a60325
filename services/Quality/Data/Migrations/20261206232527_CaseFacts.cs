using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Quality.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_facts",
                columns: table => new
                {
                    case_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    case_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    service_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    staff_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    end_state = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    wait_seconds = table.Column<double>(type: "double precision", nullable: true),
                    service_seconds = table.Column<double>(type: "double precision", nullable: true),
                    service_level_seconds = table.Column<int>(type: "integer", nullable: true),
                    repair_seconds = table.Column<double>(type: "double precision", nullable: true),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    met_target = table.Column<bool>(type: "boolean", nullable: true),
                    first_response_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_event_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_facts", x => new { x.case_kind, x.case_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_case_facts_due",
                table: "case_facts",
                columns: new[] { "case_kind", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_case_facts_finished",
                table: "case_facts",
                columns: new[] { "case_kind", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_case_facts_first_response",
                table: "case_facts",
                columns: new[] { "case_kind", "first_response_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_facts");
        }
    }
}
