using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace HallPlatform.Reception.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "counters",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    service_types = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    is_open = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_counters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "service_types",
                columns: table => new
                {
                    hall_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    prefix = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    average_service_seconds = table.Column<int>(type: "integer", nullable: false),
                    self_service = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_types", x => new { x.hall_id, x.code });
                });

            migrationBuilder.CreateTable(
                name: "visits",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    customer_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    customer_phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    service_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    direction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ticket_prefix = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    business_day = table.Column<DateOnly>(type: "date", nullable: false),
                    ticket_sequence = table.Column<long>(type: "bigint", nullable: false),
                    ticket_number = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    arrived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    called_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    counter_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    order_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_visits", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "counters",
                columns: new[] { "id", "hall_id", "is_open", "name", "service_types" },
                values: new object[,]
                {
                    { "c01", "hall-001", true, "Counter 1", "new-line,plan-change" },
                    { "c02", "hall-001", true, "Counter 2", "new-line,billing" },
                    { "c03", "hall-001", true, "Counter 3", "billing,fault-report" },
                    { "c04", "hall-001", true, "Counter 4", "fault-report,plan-change" },
                    { "c05", "hall-001", true, "Counter 5", "new-line,plan-change,billing,fault-report" }
                });

            migrationBuilder.InsertData(
                table: "service_types",
                columns: new[] { "code", "hall_id", "average_service_seconds", "name", "prefix", "self_service" },
                values: new object[,]
                {
                    { "billing", "hall-001", 180, "Bills and payments", "C", true },
                    { "fault-report", "hall-001", 360, "Fault report", "D", false },
                    { "new-line", "hall-001", 420, "New line / SIM card", "A", false },
                    { "plan-change", "hall-001", 300, "Plan or package change", "B", false }
                });

            migrationBuilder.CreateIndex(
                name: "IX_counters_hall_id",
                table: "counters",
                column: "hall_id");

            migrationBuilder.CreateIndex(
                name: "IX_service_types_hall_id_prefix",
                table: "service_types",
                columns: new[] { "hall_id", "prefix" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_visits_hall_id_business_day_ticket_prefix_ticket_sequence",
                table: "visits",
                columns: new[] { "hall_id", "business_day", "ticket_prefix", "ticket_sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_visits_hall_id_idempotency_key",
                table: "visits",
                columns: new[] { "hall_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_visits_hall_id_status_arrived_at",
                table: "visits",
                columns: new[] { "hall_id", "status", "arrived_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "counters");

            migrationBuilder.DropTable(
                name: "service_types");

            migrationBuilder.DropTable(
                name: "visits");
        }
    }
}
