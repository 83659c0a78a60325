using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Quality.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "survey_responses",
                columns: table => new
                {
                    ResponseId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CaseType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CaseId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    HallId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CsatScore = table.Column<int>(type: "integer", nullable: false),
                    NpsScore = table.Column<int>(type: "integer", nullable: false),
                    Comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_responses", x => x.ResponseId);
                    table.CheckConstraint("ck_survey_responses_csat_score", "\"CsatScore\" BETWEEN 1 AND 5");
                    table.CheckConstraint("ck_survey_responses_nps_score", "\"NpsScore\" BETWEEN 0 AND 10");
                });

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_HallId_AnsweredAt",
                table: "survey_responses",
                columns: new[] { "HallId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "ux_survey_responses_case",
                table: "survey_responses",
                columns: new[] { "CaseType", "CaseId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "survey_responses");
        }
    }
}
