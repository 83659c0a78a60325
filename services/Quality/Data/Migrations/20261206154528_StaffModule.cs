using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HallPlatform.Quality.Data.Migrations
{
    /// <inheritdoc />
    public partial class StaffModule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "conduct_cases",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StaffId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    HallId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Category = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Disposition = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ValueFen = table.Column<long>(type: "bigint", nullable: true),
                    Counterparty = table.Column<string>(type: "text", nullable: true),
                    ViolationKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Description = table.Column<string>(type: "text", nullable: false),
                    ComplaintId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Sanction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StatusChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ConcludedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ConcludedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conduct_cases", x => x.CaseId);
                    table.CheckConstraint("ck_conduct_cases_value_fen", "\"ValueFen\" IS NULL OR \"ValueFen\" BETWEEN 0 AND 100000000000");
                });

            migrationBuilder.CreateTable(
                name: "service_type_requirements",
                columns: table => new
                {
                    ServiceType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CourseCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    Mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_type_requirements", x => x.ServiceType);
                });

            migrationBuilder.CreateTable(
                name: "staff_members",
                columns: table => new
                {
                    StaffId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    HallIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    Roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    Skills = table.Column<List<string>>(type: "text[]", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_members", x => x.StaffId);
                });

            migrationBuilder.CreateTable(
                name: "suggestions",
                columns: table => new
                {
                    SuggestionId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    HallId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SubmittedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "text", nullable: true),
                    CaseReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CsatScore = table.Column<int>(type: "integer", nullable: true),
                    NpsScore = table.Column<int>(type: "integer", nullable: true),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Response = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ImprovementActionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StatusChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastChangedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_suggestions", x => x.SuggestionId);
                });

            migrationBuilder.CreateTable(
                name: "training_assessments",
                columns: table => new
                {
                    AssessmentId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SessionId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CourseCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StaffId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    HallId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    PassMark = table.Column<int>(type: "integer", nullable: false),
                    Passed = table.Column<bool>(type: "boolean", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AssessedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    AssessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_assessments", x => x.AssessmentId);
                    table.CheckConstraint("ck_training_assessments_score", "\"Score\" BETWEEN 0 AND 100");
                });

            migrationBuilder.CreateTable(
                name: "training_courses",
                columns: table => new
                {
                    CourseCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Topic = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Mandatory = table.Column<bool>(type: "boolean", nullable: false),
                    RenewalMonths = table.Column<int>(type: "integer", nullable: true),
                    PassMark = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_courses", x => x.CourseCode);
                    table.CheckConstraint("ck_training_courses_pass_mark", "\"PassMark\" BETWEEN 0 AND 100");
                });

            migrationBuilder.CreateTable(
                name: "training_sessions",
                columns: table => new
                {
                    SessionId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CourseCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    HallId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    HeldAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Trainer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Hours = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    AttendeeStaffIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_sessions", x => x.SessionId);
                });

            migrationBuilder.CreateTable(
                name: "conduct_case_status_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    From = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    CaseId = table.Column<string>(type: "character varying(40)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conduct_case_status_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_conduct_case_status_changes_conduct_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "conduct_cases",
                        principalColumn: "CaseId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_conduct_case_status_changes_CaseId",
                table: "conduct_case_status_changes",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_conduct_cases_HallId_RecordedAt",
                table: "conduct_cases",
                columns: new[] { "HallId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_conduct_cases_StaffId_RecordedAt",
                table: "conduct_cases",
                columns: new[] { "StaffId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "ux_conduct_cases_complaint_id",
                table: "conduct_cases",
                column: "ComplaintId",
                unique: true,
                filter: "\"ComplaintId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_staff_members_HallIds",
                table: "staff_members",
                column: "HallIds")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_suggestions_HallId_SubmittedAt",
                table: "suggestions",
                columns: new[] { "HallId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_suggestions_SubmittedBy_SubmittedAt",
                table: "suggestions",
                columns: new[] { "SubmittedBy", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "ux_suggestions_source_case",
                table: "suggestions",
                columns: new[] { "Source", "CaseReference" },
                unique: true,
                filter: "\"CaseReference\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_training_assessments_StaffId_CourseCode",
                table: "training_assessments",
                columns: new[] { "StaffId", "CourseCode" });

            migrationBuilder.CreateIndex(
                name: "ux_training_assessments_session_staff",
                table: "training_assessments",
                columns: new[] { "SessionId", "StaffId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_sessions_HallId_HeldAt",
                table: "training_sessions",
                columns: new[] { "HallId", "HeldAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "conduct_case_status_changes");

            migrationBuilder.DropTable(
                name: "service_type_requirements");

            migrationBuilder.DropTable(
                name: "staff_members");

            migrationBuilder.DropTable(
                name: "suggestions");

            migrationBuilder.DropTable(
                name: "training_assessments");

            migrationBuilder.DropTable(
                name: "training_courses");

            migrationBuilder.DropTable(
                name: "training_sessions");

            migrationBuilder.DropTable(
                name: "conduct_cases");
        }
    }
}
