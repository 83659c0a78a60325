using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Reception.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseRequestsAndJourneyIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-edited: EF generated three UpdateData calls with no columns for the seeded business types (their
            // case_owner equals the column default), which PostgreSQL rejects as "UPDATE ... SET WHERE"; they are removed.
            migrationBuilder.AddColumn<string>(
                name: "journey_id",
                table: "visits",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "case_owner",
                table: "service_types",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "business");

            migrationBuilder.CreateTable(
                name: "case_requests",
                columns: table => new
                {
                    visit_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    owner = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    service_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    counter_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ticket_number = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    journey_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    trace_parent = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    case_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_requests", x => x.visit_id);
                });

            migrationBuilder.UpdateData(
                table: "counters",
                keyColumn: "id",
                keyValue: "c03",
                column: "service_types",
                value: "billing,fault-report,complaint");

            migrationBuilder.UpdateData(
                table: "counters",
                keyColumn: "id",
                keyValue: "c05",
                column: "service_types",
                value: "new-line,plan-change,billing,fault-report,complaint");

            migrationBuilder.UpdateData(
                table: "service_types",
                keyColumns: new[] { "code", "hall_id" },
                keyValues: new object[] { "fault-report", "hall-001" },
                column: "case_owner",
                value: "fault");


            migrationBuilder.InsertData(
                table: "service_types",
                columns: new[] { "code", "hall_id", "average_service_seconds", "case_owner", "name", "prefix", "self_service", "service_level_seconds" },
                values: new object[] { "complaint", "hall-001", 480, "complaint", "Complaint", "F", false, 900 });

            migrationBuilder.CreateIndex(
                name: "IX_case_requests_next_attempt_at",
                table: "case_requests",
                column: "next_attempt_at",
                filter: "state = 'pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_requests");

            migrationBuilder.DeleteData(
                table: "service_types",
                keyColumns: new[] { "code", "hall_id" },
                keyValues: new object[] { "complaint", "hall-001" });

            migrationBuilder.DropColumn(
                name: "journey_id",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "case_owner",
                table: "service_types");

            migrationBuilder.UpdateData(
                table: "counters",
                keyColumn: "id",
                keyValue: "c03",
                column: "service_types",
                value: "billing,fault-report");

            migrationBuilder.UpdateData(
                table: "counters",
                keyColumn: "id",
                keyValue: "c05",
                column: "service_types",
                value: "new-line,plan-change,billing,fault-report");
        }
    }
}
