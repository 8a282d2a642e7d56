using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Visitation.Api.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Decisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WrittenDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CaseType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceDecisionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChildId = table.Column<Guid>(type: "uuid", nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DecisionText = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    RulesApplied = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    MainConsiderations = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    FactsReliedOn = table.Column<string[]>(type: "text[]", nullable: false),
                    Recommendations = table.Column<string[]>(type: "text[]", nullable: false),
                    AdditionalLegalBasis = table.Column<string[]>(type: "text[]", nullable: false),
                    NextSteps = table.Column<string[]>(type: "text[]", nullable: false),
                    PostponementReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PostponementMissing = table.Column<string[]>(type: "text[]", nullable: false),
                    NextConsideration = table.Column<DateOnly>(type: "date", nullable: true),
                    PpvDescription = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    IsAppealable = table.Column<bool>(type: "boolean", nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IssuedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    IssuedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IssuedByRole = table.Column<string>(type: "text", nullable: false),
                    RuleSetVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ReplacesDecisionId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WrittenDecisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Letters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WrittenDecisionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChildId = table.Column<Guid>(type: "uuid", nullable: false),
                    GuardianId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    StoredFileId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PageCount = table.Column<int>(type: "integer", nullable: false),
                    TemplateVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RuleSetVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    LetterDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReplacesLetterId = table.Column<Guid>(type: "uuid", nullable: true),
                    IsAppealable = table.Column<bool>(type: "boolean", nullable: false),
                    Channel = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ComplaintDeadline = table.Column<DateOnly>(type: "date", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Letters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Letters_WrittenDecisions_WrittenDecisionId",
                        column: x => x.WrittenDecisionId,
                        principalTable: "WrittenDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Complaints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LetterId = table.Column<Guid>(type: "uuid", nullable: false),
                    WrittenDecisionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChildId = table.Column<Guid>(type: "uuid", nullable: false),
                    GuardianId = table.Column<Guid>(type: "uuid", nullable: false),
                    LodgedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LodgedByName = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    LodgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IsLate = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ReassessmentDue = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReassessmentNote = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    ReassessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReassessedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReassessedByName = table.Column<string>(type: "text", nullable: true),
                    BundleStoredFileId = table.Column<Guid>(type: "uuid", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Complaints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Complaints_Letters_LetterId",
                        column: x => x.LetterId,
                        principalTable: "Letters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ComplaintAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StoredFileId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    ComplaintId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplaintAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComplaintAttachments_Complaints_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "Complaints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintAttachments_ComplaintId",
                table: "ComplaintAttachments",
                column: "ComplaintId");

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_LetterId",
                table: "Complaints",
                column: "LetterId");

            migrationBuilder.CreateIndex(
                name: "IX_Letters_ChildId_CreatedAt",
                table: "Letters",
                columns: new[] { "ChildId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Letters_WrittenDecisionId_GuardianId",
                table: "Letters",
                columns: new[] { "WrittenDecisionId", "GuardianId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WrittenDecisions_ChildId_IssuedAt",
                table: "WrittenDecisions",
                columns: new[] { "ChildId", "IssuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WrittenDecisions_SourceDecisionId",
                table: "WrittenDecisions",
                column: "SourceDecisionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComplaintAttachments");

            migrationBuilder.DropTable(
                name: "Complaints");

            migrationBuilder.DropTable(
                name: "Letters");

            migrationBuilder.DropTable(
                name: "WrittenDecisions");
        }
    }
}
