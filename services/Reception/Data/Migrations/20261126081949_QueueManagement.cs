using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HallPlatform.Reception.Data.Migrations
{
    /// <inheritdoc />
    public partial class QueueManagement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "appointment_id",
                table: "visits",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "completed_at",
                table: "visits",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ended_at",
                table: "visits",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "first_called_at",
                table: "visits",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "id_document_number",
                table: "visits",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "id_document_type",
                table: "visits",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "visits",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "priority_class",
                table: "visits",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                // Visits recorded before priority classes existed were all walk-ins.
                defaultValue: "normal");

            migrationBuilder.AddColumn<int>(
                name: "recall_count",
                table: "visits",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "serving_started_at",
                table: "visits",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "staff_id",
                table: "visits",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "service_level_seconds",
                table: "service_types",
                type: "integer",
                nullable: false,
                defaultValue: 900);

            migrationBuilder.AddColumn<string>(
                name: "staff_id",
                table: "counters",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            // Visits called before this migration: their only call is their first call (KPI waiting time).
            migrationBuilder.Sql("UPDATE visits SET first_called_at = called_at WHERE called_at IS NOT NULL AND first_called_at IS NULL;");

            migrationBuilder.CreateTable(
                name: "appointments",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    service_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    customer_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    customer_phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_by_visit_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appointments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "queue_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    visit_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    hall_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    service_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ticket_number = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    counter_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    staff_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    from_service_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    to_service_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_queue_events", x => x.id);
                });

            migrationBuilder.UpdateData(
                table: "counters",
                keyColumn: "id",
                keyValue: "c01",
                column: "staff_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "counters",
                keyColumn: "id",
                keyValue: "c02",
                column: "staff_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "counters",
                keyColumn: "id",
                keyValue: "c03",
                column: "staff_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "counters",
                keyColumn: "id",
                keyValue: "c04",
                column: "staff_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "counters",
                keyColumn: "id",
                keyValue: "c05",
                column: "staff_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "service_types",
                keyColumns: new[] { "code", "hall_id" },
                keyValues: new object[] { "billing", "hall-001" },
                column: "service_level_seconds",
                value: 900);

            migrationBuilder.UpdateData(
                table: "service_types",
                keyColumns: new[] { "code", "hall_id" },
                keyValues: new object[] { "fault-report", "hall-001" },
                column: "service_level_seconds",
                value: 900);

            migrationBuilder.UpdateData(
                table: "service_types",
                keyColumns: new[] { "code", "hall_id" },
                keyValues: new object[] { "new-line", "hall-001" },
                column: "service_level_seconds",
                value: 900);

            migrationBuilder.UpdateData(
                table: "service_types",
                keyColumns: new[] { "code", "hall_id" },
                keyValues: new object[] { "plan-change", "hall-001" },
                column: "service_level_seconds",
                value: 900);

            migrationBuilder.CreateIndex(
                name: "IX_visits_appointment_id",
                table: "visits",
                column: "appointment_id",
                unique: true,
                filter: "appointment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_hall_id_starts_at",
                table: "appointments",
                columns: new[] { "hall_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "IX_queue_events_hall_id_at",
                table: "queue_events",
                columns: new[] { "hall_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_queue_events_visit_id_id",
                table: "queue_events",
                columns: new[] { "visit_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointments");

            migrationBuilder.DropTable(
                name: "queue_events");

            migrationBuilder.DropIndex(
                name: "IX_visits_appointment_id",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "appointment_id",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "completed_at",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "ended_at",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "first_called_at",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "id_document_number",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "id_document_type",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "priority_class",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "recall_count",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "serving_started_at",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "staff_id",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "service_level_seconds",
                table: "service_types");

            migrationBuilder.DropColumn(
                name: "staff_id",
                table: "counters");
        }
    }
}
