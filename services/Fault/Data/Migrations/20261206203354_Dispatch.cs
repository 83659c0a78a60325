using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Fault.Data.Migrations
{
    /// <inheritdoc />
    public partial class Dispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "area",
                table: "trouble_tickets",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "appointments",
                columns: table => new
                {
                    appointment_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ticket_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    area = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    technician_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    start_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    end_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    arrived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    work_done = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    outcome_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    cancel_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    history = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appointments", x => x.appointment_id);
                });

            migrationBuilder.CreateTable(
                name: "technicians",
                columns: table => new
                {
                    staff_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    display_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    skills = table.Column<string[]>(type: "character varying(16)[]", nullable: false),
                    areas = table.Column<string[]>(type: "character varying(32)[]", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    working_hours = table.Column<string[]>(type: "character varying(32)[]", nullable: false),
                    blocked_days = table.Column<DateOnly[]>(type: "date[]", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technicians", x => x.staff_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_start_at_status",
                table: "appointments",
                columns: new[] { "start_at", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_ticket_id_created_at",
                table: "appointments",
                columns: new[] { "ticket_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_appointments_technician_start",
                table: "appointments",
                columns: new[] { "technician_id", "start_at" },
                unique: true,
                filter: "status IN ('booked', 'arrived')");

            migrationBuilder.CreateIndex(
                name: "ux_appointments_ticket_active",
                table: "appointments",
                column: "ticket_id",
                unique: true,
                filter: "status IN ('booked', 'arrived')");

            migrationBuilder.CreateIndex(
                name: "ix_technicians_hall_id",
                table: "technicians",
                column: "hall_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointments");

            migrationBuilder.DropTable(
                name: "technicians");

            migrationBuilder.DropColumn(
                name: "area",
                table: "trouble_tickets");
        }
    }
}
