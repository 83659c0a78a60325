using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Quality.Data.Migrations
{
    /// <inheritdoc />
    public partial class FollowUpsAndCallbacks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FirstContactResolved",
                table: "survey_responses",
                type: "boolean",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "follow_ups",
                columns: table => new
                {
                    follow_up_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    case_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    case_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    contact_case_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    journey_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    served_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    planned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    skip_reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    contact_attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    customer_name = table.Column<string>(type: "text", nullable: true),
                    customer_phone = table.Column<string>(type: "text", nullable: true),
                    customer_phone_ref = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    contacted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    call_attempts = table.Column<int>(type: "integer", nullable: false),
                    response_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_ups", x => x.follow_up_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_customer",
                table: "follow_ups",
                columns: new[] { "customer_phone_ref", "contacted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_due",
                table: "follow_ups",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ux_follow_ups_case",
                table: "follow_ups",
                columns: new[] { "case_kind", "case_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "follow_ups");

            migrationBuilder.DropColumn(
                name: "FirstContactResolved",
                table: "survey_responses");
        }
    }
}
