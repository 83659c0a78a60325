using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Business.Data.Migrations
{
    /// <inheritdoc />
    public partial class BusinessHandling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "account_number",
                table: "orders",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "business_type_code",
                table: "orders",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "catalogue_version",
                table: "orders",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "confirmed_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "confirmed_by",
                table: "orders",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "consent",
                table: "orders",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_kind",
                table: "orders",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "details",
                table: "orders",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "documents",
                table: "orders",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "items",
                table: "orders",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "line_number",
                table: "orders",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "paid_fen",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "quote",
                table: "orders",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "refunded_fen",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "business_type_versions",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    required_documents = table.Column<string>(type: "jsonb", nullable: false),
                    fee_items = table.Column<string>(type: "jsonb", nullable: false),
                    partial_payment_allowed = table.Column<bool>(type: "boolean", nullable: false),
                    self_service_allowed = table.Column<bool>(type: "boolean", nullable: false),
                    expected_handling_minutes = table.Column<int>(type: "integer", nullable: false),
                    created_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_business_type_versions", x => new { x.code, x.version });
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    payment_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    order_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempt_key = table.Column<string>(type: "character varying(110)", maxLength: 110, nullable: false),
                    method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    authorisation_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    transaction_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    taken_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    taken_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    receipt_number = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    refund_of = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    reason = table.Column<string>(type: "text", nullable: true),
                    requested_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    approved_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payments", x => x.payment_id);
                });

            migrationBuilder.CreateTable(
                name: "receipt_counters",
                columns: table => new
                {
                    hall_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    next = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_receipt_counters", x => new { x.hall_id, x.year, x.kind });
                });

            migrationBuilder.CreateTable(
                name: "receipts",
                columns: table => new
                {
                    number = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    hall_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    order_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    payment_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    business_type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    business_type_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    catalogue_version = table.Column<int>(type: "integer", nullable: false),
                    quote_version = table.Column<int>(type: "integer", nullable: false),
                    lines = table.Column<string>(type: "jsonb", nullable: false),
                    net_fen = table.Column<long>(type: "bigint", nullable: false),
                    tax_fen = table.Column<long>(type: "bigint", nullable: false),
                    total_fen = table.Column<long>(type: "bigint", nullable: false),
                    amount_paid_fen = table.Column<long>(type: "bigint", nullable: false),
                    method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    issued_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    @void = table.Column<bool>(name: "void", type: "boolean", nullable: false),
                    voided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    void_reason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_receipts", x => x.number);
                });

            migrationBuilder.CreateIndex(
                name: "ux_payments_order_attempt",
                table: "payments",
                columns: new[] { "order_id", "attempt_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_payments_refund_of",
                table: "payments",
                column: "refund_of",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_receipts_order_id",
                table: "receipts",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ux_receipts_hall_year_kind_sequence",
                table: "receipts",
                columns: new[] { "hall_id", "year", "kind", "sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "business_type_versions");

            migrationBuilder.DropTable(
                name: "payments");

            migrationBuilder.DropTable(
                name: "receipt_counters");

            migrationBuilder.DropTable(
                name: "receipts");

            migrationBuilder.DropColumn(
                name: "account_number",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "business_type_code",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "catalogue_version",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "confirmed_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "confirmed_by",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "consent",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "customer_kind",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "details",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "documents",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "items",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "line_number",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "paid_fen",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "quote",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "refunded_fen",
                table: "orders");
        }
    }
}
