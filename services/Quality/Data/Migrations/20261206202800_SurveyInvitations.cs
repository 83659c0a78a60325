using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Quality.Data.Migrations
{
    /// <inheritdoc />
    public partial class SurveyInvitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "invitation_expires_at",
                table: "follow_ups",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "invitation_token_hash",
                table: "follow_ups",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "communication_messages",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    subject_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    journey_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    template_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    template_parameters = table.Column<string>(type: "jsonb", nullable: false),
                    recipient = table.Column<string>(type: "text", nullable: false),
                    recipient_masked = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    source_key = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    trace_parent = table.Column<string>(type: "character varying(55)", maxLength: 55, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_communication_messages", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ux_follow_ups_invitation",
                table: "follow_ups",
                column: "invitation_token_hash",
                unique: true,
                filter: "invitation_token_hash IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_communication_messages_pending_due",
                table: "communication_messages",
                column: "next_attempt_at",
                filter: "state = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_communication_messages_subject",
                table: "communication_messages",
                columns: new[] { "subject_kind", "subject_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_communication_messages_source_key",
                table: "communication_messages",
                column: "source_key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "communication_messages");

            migrationBuilder.DropIndex(
                name: "ux_follow_ups_invitation",
                table: "follow_ups");

            migrationBuilder.DropColumn(
                name: "invitation_expires_at",
                table: "follow_ups");

            migrationBuilder.DropColumn(
                name: "invitation_token_hash",
                table: "follow_ups");
        }
    }
}
