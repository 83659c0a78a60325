using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Fault.Data.Migrations
{
    /// <inheritdoc />
    public partial class FaultHandling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "analysis",
                table: "trouble_tickets",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachments",
                table: "trouble_tickets",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "auto_closed",
                table: "trouble_tickets",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "fixed_on_site",
                table: "trouble_tickets",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "notes",
                table: "trouble_tickets",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "resolution",
                table: "trouble_tickets",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "satisfaction_score",
                table: "trouble_tickets",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "service_affected",
                table: "trouble_tickets",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "sla_maximum",
                table: "trouble_tickets",
                type: "interval",
                nullable: false,
                // Tickets registered before SLA terms were stored had the market rule: 24 h target, 48 h maximum.
                defaultValue: new TimeSpan(48, 0, 0));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sla_paused_since",
                table: "trouble_tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "sla_paused_total",
                table: "trouble_tickets",
                type: "interval",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sla_stopped_at",
                table: "trouble_tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "sla_target",
                table: "trouble_tickets",
                type: "interval",
                nullable: false,
                // Tickets registered before SLA terms were stored had the market rule: 24 h target, 48 h maximum.
                defaultValue: new TimeSpan(24, 0, 0));

            migrationBuilder.CreateIndex(
                name: "ix_trouble_tickets_status_expected_resolution_date",
                table: "trouble_tickets",
                columns: new[] { "status", "expected_resolution_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_trouble_tickets_status_expected_resolution_date",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "analysis",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "attachments",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "auto_closed",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "fixed_on_site",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "notes",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "resolution",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "satisfaction_score",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "service_affected",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "sla_maximum",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "sla_paused_since",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "sla_paused_total",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "sla_stopped_at",
                table: "trouble_tickets");

            migrationBuilder.DropColumn(
                name: "sla_target",
                table: "trouble_tickets");
        }
    }
}
