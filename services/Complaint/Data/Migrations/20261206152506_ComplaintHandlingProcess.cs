using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace HallPlatform.Complaint.Data.Migrations
{
    /// <inheritdoc />
    public partial class ComplaintHandlingProcess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Apology",
                table: "complaints",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClosedAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ConfirmationDueAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CorrectiveAction",
                table: "complaints",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DepartmentId",
                table: "complaints",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Findings",
                table: "complaints",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstResponseAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstResponseBreachedAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstResponseDueAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstResponseWarnedAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandlerId",
                table: "complaints",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MasterComplaintId",
                table: "complaints",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "complaints",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RefundFen",
                table: "complaints",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RelatedOrderId",
                table: "complaints",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RelatedStaffId",
                table: "complaints",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RelatedTicketId",
                table: "complaints",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RelatedVisitId",
                table: "complaints",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResolutionBreachedAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResolutionDueAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResolutionWarnedAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RespondedAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RootCauseCode",
                table: "complaints",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RootCauseNote",
                table: "complaints",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Severity",
                table: "complaints",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Upheld",
                table: "complaints",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "By",
                table: "complaint_status_changes",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            // Complaints from before the clocks: both targets are the 15-day answer rule, which they were held to.
            migrationBuilder.Sql("UPDATE complaints SET \"FirstResponseDueAt\" = \"ResponseDueAt\", \"ResolutionDueAt\" = \"ResponseDueAt\";");

            migrationBuilder.CreateTable(
                name: "complaint_assignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FromDepartmentId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    FromHandlerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ToDepartmentId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ToHandlerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    By = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ComplaintId = table.Column<string>(type: "character varying(40)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaint_assignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_complaint_assignments_complaints_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "complaints",
                        principalColumn: "ComplaintId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "complaint_departments",
                columns: table => new
                {
                    DepartmentId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Contact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HandlerIds = table.Column<string[]>(type: "text[]", nullable: false),
                    Categories = table.Column<string[]>(type: "text[]", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaint_departments", x => x.DepartmentId);
                });

            migrationBuilder.CreateTable(
                name: "complaint_links",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OtherComplaintId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    By = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ComplaintId = table.Column<string>(type: "character varying(40)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaint_links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_complaint_links_complaints_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "complaints",
                        principalColumn: "ComplaintId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "complaint_root_causes",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ImprovementSuggestion = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaint_root_causes", x => x.Code);
                });

            migrationBuilder.InsertData(
                table: "complaint_departments",
                columns: new[] { "DepartmentId", "Categories", "Contact", "HandlerIds", "Name" },
                values: new object[,]
                {
                    { "dep-billing", new[] { "billing" }, "billing-office@hall.example", new[] { "usr_billing_lead" }, "Billing office" },
                    { "dep-customer-service", new[] { "service", "product", "other" }, "customer-service@hall.example", new[] { "usr_cs_lead" }, "Customer service" },
                    { "dep-hall-management", new[] { "staff-conduct" }, "hall-management@hall.example", new[] { "usr_hall_manager" }, "Hall management" },
                    { "dep-network", new[] { "network" }, "network-ops@hall.example", new[] { "usr_noc_lead" }, "Network operations" }
                });

            migrationBuilder.InsertData(
                table: "complaint_root_causes",
                columns: new[] { "Code", "Active", "ImprovementSuggestion", "Name" },
                values: new object[,]
                {
                    { "billing-error", true, "Reconcile the billing rules against the tariff catalogue monthly.", "Billing error" },
                    { "network-coverage", true, "Report weak-coverage areas to network planning with the complaint count.", "Network coverage" },
                    { "not-justified", true, "Explain the rule better at the first contact.", "Not justified" },
                    { "other", true, "Review the free-text root causes at the monthly meeting.", "Other" },
                    { "process-gap", true, "Write the missing step into the hall's operating procedure.", "Process gap" },
                    { "staff-behaviour", true, "Refresh the service etiquette training of the hall team.", "Staff behaviour" },
                    { "system-fault", true, "Add monitoring and a fallback procedure for the failing system.", "System fault" },
                    { "tariff-unclear", true, "Give counter staff a one-page tariff comparison sheet.", "Tariff explained unclearly" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_complaints_HallId_ReceivedAt",
                table: "complaints",
                columns: new[] { "HallId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_complaint_assignments_ComplaintId",
                table: "complaint_assignments",
                column: "ComplaintId");

            migrationBuilder.CreateIndex(
                name: "IX_complaint_links_ComplaintId",
                table: "complaint_links",
                column: "ComplaintId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "complaint_assignments");

            migrationBuilder.DropTable(
                name: "complaint_departments");

            migrationBuilder.DropTable(
                name: "complaint_links");

            migrationBuilder.DropTable(
                name: "complaint_root_causes");

            migrationBuilder.DropIndex(
                name: "IX_complaints_HallId_ReceivedAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "Apology",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "ConfirmationDueAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "CorrectiveAction",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "DepartmentId",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "Findings",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "FirstResponseAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "FirstResponseBreachedAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "FirstResponseDueAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "FirstResponseWarnedAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "HandlerId",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "MasterComplaintId",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "RefundFen",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "RelatedOrderId",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "RelatedStaffId",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "RelatedTicketId",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "RelatedVisitId",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "ResolutionBreachedAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "ResolutionDueAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "ResolutionWarnedAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "RespondedAt",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "RootCauseCode",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "RootCauseNote",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "Severity",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "Upheld",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "By",
                table: "complaint_status_changes");
        }
    }
}
