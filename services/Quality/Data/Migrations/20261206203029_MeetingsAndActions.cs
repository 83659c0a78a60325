using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HallPlatform.Quality.Data.Migrations
{
    /// <inheritdoc />
    public partial class MeetingsAndActions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "evaluation_meetings",
                columns: table => new
                {
                    meeting_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    participants = table.Column<string[]>(type: "text[]", nullable: false),
                    figures_source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    figures_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    figures_to = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    figures = table.Column<string>(type: "jsonb", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evaluation_meetings", x => x.meeting_id);
                });

            migrationBuilder.CreateTable(
                name: "improvement_actions",
                columns: table => new
                {
                    action_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    owner_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    metric = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    baseline = table.Column<double>(type: "double precision", nullable: true),
                    target = table.Column<double>(type: "double precision", nullable: true),
                    meeting_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    finding_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    result = table.Column<string>(type: "text", nullable: true),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_improvement_actions", x => x.action_id);
                    table.CheckConstraint("ck_improvement_actions_baseline", "baseline IS NULL OR baseline BETWEEN -1000000000 AND 1000000000");
                    table.CheckConstraint("ck_improvement_actions_target", "target IS NULL OR target BETWEEN -1000000000 AND 1000000000");
                });

            migrationBuilder.CreateTable(
                name: "evaluation_findings",
                columns: table => new
                {
                    finding_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    meeting_id = table.Column<string>(type: "character varying(40)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evaluation_findings", x => x.finding_id);
                    table.ForeignKey(
                        name: "FK_evaluation_findings_evaluation_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "evaluation_meetings",
                        principalColumn: "meeting_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "improvement_action_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    from_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    to_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    note = table.Column<string>(type: "text", nullable: true),
                    action_id = table.Column<string>(type: "character varying(40)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_improvement_action_changes", x => x.id);
                    table.ForeignKey(
                        name: "FK_improvement_action_changes_improvement_actions_action_id",
                        column: x => x.action_id,
                        principalTable: "improvement_actions",
                        principalColumn: "action_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_evaluation_findings_meeting_id",
                table: "evaluation_findings",
                column: "meeting_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_meetings_hall_held_on",
                table: "evaluation_meetings",
                columns: new[] { "hall_id", "held_on", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "IX_improvement_action_changes_action_id",
                table: "improvement_action_changes",
                column: "action_id");

            migrationBuilder.CreateIndex(
                name: "ix_improvement_actions_hall_status_due",
                table: "improvement_actions",
                columns: new[] { "hall_id", "status", "due_date" });

            migrationBuilder.CreateIndex(
                name: "ix_improvement_actions_meeting",
                table: "improvement_actions",
                column: "meeting_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evaluation_findings");

            migrationBuilder.DropTable(
                name: "improvement_action_changes");

            migrationBuilder.DropTable(
                name: "evaluation_meetings");

            migrationBuilder.DropTable(
                name: "improvement_actions");
        }
    }
}
