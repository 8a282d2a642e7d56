using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Visitation.Api.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Ppv : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WrittenDecisions_SourceDecisionId",
                table: "WrittenDecisions");

            migrationBuilder.AddColumn<Guid>(
                name: "PpvCaseId",
                table: "ReferralDocuments",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PpvVersion",
                table: "ReferralDocuments",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CommitteeMeetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoundName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OpenedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Minutes = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitteeMeetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommitteeMeetings_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Placements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ChildId = table.Column<Guid>(type: "uuid", nullable: false),
                    DistrictSchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    OfferId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: true),
                    DecisionId = table.Column<Guid>(type: "uuid", nullable: true),
                    RuleSetVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Scope = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    LastDecisionDate = table.Column<DateOnly>(type: "date", nullable: false),
                    NextRevisitationDue = table.Column<DateOnly>(type: "date", nullable: true),
                    OpenRevisitationCaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestedOfferId = table.Column<Guid>(type: "uuid", nullable: true),
                    StartMeetingPlannedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DistrictSchoolExpectations = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    HandleplanHandedOverAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PhaseOut_Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    PhaseOut_EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    PhaseOut_Plan = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    PhaseOut_RevisitationCaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    PhaseOut_DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Placements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Placements_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Placements_Offers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "Offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Placements_Schools_DistrictSchoolId",
                        column: x => x.DistrictSchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PpvCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ChildId = table.Column<Guid>(type: "uuid", nullable: false),
                    DistrictSchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkflowKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    WorkflowVersion = table.Column<int>(type: "integer", nullable: false),
                    RuleSetVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AssignedPsychologistId = table.Column<Guid>(type: "uuid", nullable: true),
                    AssignedPsychologistName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    WithdrawalReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    GuardianIds = table.Column<Guid[]>(type: "uuid[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PpvCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PpvCases_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PpvCases_Schools_DistrictSchoolId",
                        column: x => x.DistrictSchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RevisitationPlans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OfferId = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolYearStart = table.Column<DateOnly>(type: "date", nullable: false),
                    SchoolYearEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisitationPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisitationPlans_Offers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "Offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RoundCalendarYears",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolYearStartYear = table.Column<int>(type: "integer", nullable: false),
                    SchoolYearName = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RuleSetVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RoundCount = table.Column<int>(type: "integer", nullable: false),
                    GeneratedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GeneratedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    GeneratedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoundCalendarYears", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SchoolEnrolments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolYearStartYear = table.Column<int>(type: "integer", nullable: false),
                    Pupils = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolEnrolments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolEnrolments_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeetingAttendees",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Function = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    MeetingId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingAttendees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingAttendees_CommitteeMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "CommitteeMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingCases",
                columns: table => new
                {
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: false),
                    MeetingId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Track = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    DecisionId = table.Column<Guid>(type: "uuid", nullable: true),
                    HelpToBeGiven = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    CapacityOverrideReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingCases", x => new { x.MeetingId, x.ReferralId });
                    table.ForeignKey(
                        name: "FK_MeetingCases_CommitteeMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "CommitteeMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlacementGoals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    PlacementId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlacementGoals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlacementGoals_Placements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "Placements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlacementHistory",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActorRole = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    PlacementId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlacementHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlacementHistory_Placements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "Placements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlacementPeople",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlacementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlacementPeople", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlacementPeople_Placements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "Placements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlacementStartMeetings",
                columns: table => new
                {
                    PlacementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    HeldAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Minutes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlacementStartMeetings", x => x.PlacementId);
                    table.ForeignKey(
                        name: "FK_PlacementStartMeetings_Placements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "Placements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevisitationCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlacementId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChildId = table.Column<Guid>(type: "uuid", nullable: false),
                    OfferId = table.Column<Guid>(type: "uuid", nullable: false),
                    DistrictSchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkflowKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    WorkflowVersion = table.Column<int>(type: "integer", nullable: false),
                    RuleSetVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ChildStatement = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    NeedsChanged = table.Column<bool>(type: "boolean", nullable: false),
                    ParentsWantDiscussion = table.Column<bool>(type: "boolean", nullable: false),
                    DistrictSchoolWantsDiscussion = table.Column<bool>(type: "boolean", nullable: false),
                    HandleplanSentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HandleplanAnswerDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HandleplanAnswer = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    HandleplanAnswerComment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    HandleplanAnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancellationReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisitationCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisitationCases_Placements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "Placements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PpvAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    PsychologistUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    PsychologistName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AssignedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActiveAssessmentsBefore = table.Column<int>(type: "integer", nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    OverCapacityReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    PpvCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PpvAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PpvAssignments_PpvCases_PpvCaseId",
                        column: x => x.PpvCaseId,
                        principalTable: "PpvCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PpvConsents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    GuardianId = table.Column<Guid>(type: "uuid", nullable: false),
                    Scopes = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    GivenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedByRole = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PpvCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PpvConsents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PpvConsents_PpvCases_PpvCaseId",
                        column: x => x.PpvCaseId,
                        principalTable: "PpvCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PpvDrafts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    ForVersion = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Recommendations = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    WrittenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PpvCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PpvDrafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PpvDrafts_PpvCases_PpvCaseId",
                        column: x => x.PpvCaseId,
                        principalTable: "PpvCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PpvHearingComments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HearingId = table.Column<Guid>(type: "uuid", nullable: false),
                    GuardianId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedByRole = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PpvCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PpvHearingComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PpvHearingComments_PpvCases_PpvCaseId",
                        column: x => x.PpvCaseId,
                        principalTable: "PpvCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PpvHearings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    DraftId = table.Column<Guid>(type: "uuid", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReplyDeadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Closure = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    PpvCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PpvHearings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PpvHearings_PpvCases_PpvCaseId",
                        column: x => x.PpvCaseId,
                        principalTable: "PpvCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PpvHistory",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    From = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    To = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActorRole = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    PpvCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PpvHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PpvHistory_PpvCases_PpvCaseId",
                        column: x => x.PpvCaseId,
                        principalTable: "PpvCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PpvNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PpvCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PpvNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PpvNotes_PpvCases_PpvCaseId",
                        column: x => x.PpvCaseId,
                        principalTable: "PpvCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PpvRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ForVersion = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequestedByRole = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TargetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RuleSetVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Priority = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CoordinationMeetingOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PrioritisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PrioritisedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WithdrawalReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    PpvCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PpvRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PpvRequests_PpvCases_PpvCaseId",
                        column: x => x.PpvCaseId,
                        principalTable: "PpvCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PpvVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PpvCaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChildId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    PreviousNumber = table.Column<int>(type: "integer", nullable: true),
                    PreviousContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Recommendations = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    ResponseToComments = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    DraftId = table.Column<Guid>(type: "uuid", nullable: false),
                    HearingId = table.Column<Guid>(type: "uuid", nullable: false),
                    FinalisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinalisedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    FinalisedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RuleSetVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PpvVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PpvVersions_PpvCases_PpvCaseId",
                        column: x => x.PpvCaseId,
                        principalTable: "PpvCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevisitationPlanEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlacementId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChildId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    Step = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    IsMeeting = table.Column<bool>(type: "boolean", nullable: false),
                    MovedByLeader = table.Column<bool>(type: "boolean", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisitationPlanEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisitationPlanEntries_RevisitationPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "RevisitationPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlacementStartMeetingParticipants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    PlacementId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlacementStartMeetingParticipants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlacementStartMeetingParticipants_PlacementStartMeetings_Pl~",
                        column: x => x.PlacementId,
                        principalTable: "PlacementStartMeetings",
                        principalColumn: "PlacementId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevisitationDecisions",
                columns: table => new
                {
                    RevisitationCaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Reasons = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    DecidedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RuleSetVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    NewScope = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RequestedOfferId = table.Column<Guid>(type: "uuid", nullable: true),
                    PhaseOutKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    PhaseOutEndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    PhaseOutPlan = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    NextRevisitationDue = table.Column<DateOnly>(type: "date", nullable: true),
                    WrittenDecisionId = table.Column<Guid>(type: "uuid", nullable: true),
                    LetterIssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisitationDecisions", x => x.RevisitationCaseId);
                    table.ForeignKey(
                        name: "FK_RevisitationDecisions_RevisitationCases_RevisitationCaseId",
                        column: x => x.RevisitationCaseId,
                        principalTable: "RevisitationCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevisitationHandleplanNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RevisitationCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisitationHandleplanNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisitationHandleplanNotes_RevisitationCases_RevisitationC~",
                        column: x => x.RevisitationCaseId,
                        principalTable: "RevisitationCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevisitationHistory",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WorkflowVersion = table.Column<int>(type: "integer", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    From = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    To = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActorRole = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    RevisitationCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisitationHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisitationHistory_RevisitationCases_RevisitationCaseId",
                        column: x => x.RevisitationCaseId,
                        principalTable: "RevisitationCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevisitationMeetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    HeldAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Minutes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RevisitationCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisitationMeetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisitationMeetings_RevisitationCases_RevisitationCaseId",
                        column: x => x.RevisitationCaseId,
                        principalTable: "RevisitationCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevisitationSteps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Step = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MeetingId = table.Column<Guid>(type: "uuid", nullable: true),
                    WorkflowVersion = table.Column<int>(type: "integer", nullable: false),
                    RevisitationCaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisitationSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisitationSteps_RevisitationCases_RevisitationCaseId",
                        column: x => x.RevisitationCaseId,
                        principalTable: "RevisitationCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevisitationPlanParticipants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisitationPlanParticipants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisitationPlanParticipants_RevisitationPlanEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "RevisitationPlanEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevisitationMeetingParticipants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    MeetingId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisitationMeetingParticipants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisitationMeetingParticipants_RevisitationMeetings_Meetin~",
                        column: x => x.MeetingId,
                        principalTable: "RevisitationMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WrittenDecisions_ReplacesDecisionId",
                table: "WrittenDecisions",
                column: "ReplacesDecisionId",
                unique: true,
                filter: "\"ReplacesDecisionId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WrittenDecisions_Source_Original",
                table: "WrittenDecisions",
                column: "SourceDecisionId",
                unique: true,
                filter: "\"ReplacesDecisionId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeMeetings_RoundId",
                table: "CommitteeMeetings",
                column: "RoundId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAttendees_MeetingId",
                table: "MeetingAttendees",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingCases_ReferralId",
                table: "MeetingCases",
                column: "ReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_PlacementGoals_PlacementId",
                table: "PlacementGoals",
                column: "PlacementId");

            migrationBuilder.CreateIndex(
                name: "IX_PlacementHistory_PlacementId",
                table: "PlacementHistory",
                column: "PlacementId");

            migrationBuilder.CreateIndex(
                name: "IX_PlacementPeople_PlacementId",
                table: "PlacementPeople",
                column: "PlacementId");

            migrationBuilder.CreateIndex(
                name: "IX_Placements_ChildId_Open",
                table: "Placements",
                column: "ChildId",
                unique: true,
                filter: "\"Status\" <> 'Ended'");

            migrationBuilder.CreateIndex(
                name: "IX_Placements_DistrictSchoolId_NextRevisitationDue_Id",
                table: "Placements",
                columns: new[] { "DistrictSchoolId", "NextRevisitationDue", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Placements_NextRevisitationDue_Id",
                table: "Placements",
                columns: new[] { "NextRevisitationDue", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Placements_OfferId_NextRevisitationDue_Id",
                table: "Placements",
                columns: new[] { "OfferId", "NextRevisitationDue", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_PlacementStartMeetingParticipants_PlacementId",
                table: "PlacementStartMeetingParticipants",
                column: "PlacementId");

            migrationBuilder.CreateIndex(
                name: "IX_PpvAssignments_PpvCaseId",
                table: "PpvAssignments",
                column: "PpvCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_PpvCases_AssignedPsychologistId_State",
                table: "PpvCases",
                columns: new[] { "AssignedPsychologistId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_PpvCases_ChildId_Active",
                table: "PpvCases",
                column: "ChildId",
                unique: true,
                filter: "\"State\" <> 'Withdrawn'");

            migrationBuilder.CreateIndex(
                name: "IX_PpvCases_DistrictSchoolId_State",
                table: "PpvCases",
                columns: new[] { "DistrictSchoolId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_PpvConsents_PpvCaseId",
                table: "PpvConsents",
                column: "PpvCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_PpvDrafts_PpvCaseId",
                table: "PpvDrafts",
                column: "PpvCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_PpvHearingComments_PpvCaseId",
                table: "PpvHearingComments",
                column: "PpvCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_PpvHearings_PpvCaseId",
                table: "PpvHearings",
                column: "PpvCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_PpvHistory_PpvCaseId",
                table: "PpvHistory",
                column: "PpvCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_PpvNotes_PpvCaseId",
                table: "PpvNotes",
                column: "PpvCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_PpvRequests_PpvCaseId",
                table: "PpvRequests",
                column: "PpvCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_PpvVersions_PpvCaseId_Number",
                table: "PpvVersions",
                columns: new[] { "PpvCaseId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationCases_ChildId",
                table: "RevisitationCases",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationCases_DistrictSchoolId_State",
                table: "RevisitationCases",
                columns: new[] { "DistrictSchoolId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationCases_OfferId_State",
                table: "RevisitationCases",
                columns: new[] { "OfferId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationCases_PlacementId_Open",
                table: "RevisitationCases",
                column: "PlacementId",
                unique: true,
                filter: "\"State\" NOT IN ('Decided', 'Cancelled')");

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationDecisions_Id",
                table: "RevisitationDecisions",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationHandleplanNotes_RevisitationCaseId",
                table: "RevisitationHandleplanNotes",
                column: "RevisitationCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationHistory_RevisitationCaseId",
                table: "RevisitationHistory",
                column: "RevisitationCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationMeetingParticipants_MeetingId",
                table: "RevisitationMeetingParticipants",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationMeetings_RevisitationCaseId",
                table: "RevisitationMeetings",
                column: "RevisitationCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationPlanEntries_PlacementId_Step",
                table: "RevisitationPlanEntries",
                columns: new[] { "PlacementId", "Step" });

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationPlanEntries_PlanId",
                table: "RevisitationPlanEntries",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationPlanParticipants_EntryId",
                table: "RevisitationPlanParticipants",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationPlans_OfferId_SchoolYearStart",
                table: "RevisitationPlans",
                columns: new[] { "OfferId", "SchoolYearStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RevisitationSteps_RevisitationCaseId",
                table: "RevisitationSteps",
                column: "RevisitationCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_RoundCalendarYears_SchoolYearStartYear",
                table: "RoundCalendarYears",
                column: "SchoolYearStartYear",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SchoolEnrolments_SchoolId_SchoolYearStartYear",
                table: "SchoolEnrolments",
                columns: new[] { "SchoolId", "SchoolYearStartYear" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MeetingAttendees");

            migrationBuilder.DropTable(
                name: "MeetingCases");

            migrationBuilder.DropTable(
                name: "PlacementGoals");

            migrationBuilder.DropTable(
                name: "PlacementHistory");

            migrationBuilder.DropTable(
                name: "PlacementPeople");

            migrationBuilder.DropTable(
                name: "PlacementStartMeetingParticipants");

            migrationBuilder.DropTable(
                name: "PpvAssignments");

            migrationBuilder.DropTable(
                name: "PpvConsents");

            migrationBuilder.DropTable(
                name: "PpvDrafts");

            migrationBuilder.DropTable(
                name: "PpvHearingComments");

            migrationBuilder.DropTable(
                name: "PpvHearings");

            migrationBuilder.DropTable(
                name: "PpvHistory");

            migrationBuilder.DropTable(
                name: "PpvNotes");

            migrationBuilder.DropTable(
                name: "PpvRequests");

            migrationBuilder.DropTable(
                name: "PpvVersions");

            migrationBuilder.DropTable(
                name: "RevisitationDecisions");

            migrationBuilder.DropTable(
                name: "RevisitationHandleplanNotes");

            migrationBuilder.DropTable(
                name: "RevisitationHistory");

            migrationBuilder.DropTable(
                name: "RevisitationMeetingParticipants");

            migrationBuilder.DropTable(
                name: "RevisitationPlanParticipants");

            migrationBuilder.DropTable(
                name: "RevisitationSteps");

            migrationBuilder.DropTable(
                name: "RoundCalendarYears");

            migrationBuilder.DropTable(
                name: "SchoolEnrolments");

            migrationBuilder.DropTable(
                name: "CommitteeMeetings");

            migrationBuilder.DropTable(
                name: "PlacementStartMeetings");

            migrationBuilder.DropTable(
                name: "PpvCases");

            migrationBuilder.DropTable(
                name: "RevisitationMeetings");

            migrationBuilder.DropTable(
                name: "RevisitationPlanEntries");

            migrationBuilder.DropTable(
                name: "RevisitationCases");

            migrationBuilder.DropTable(
                name: "RevisitationPlans");

            migrationBuilder.DropTable(
                name: "Placements");

            migrationBuilder.DropIndex(
                name: "IX_WrittenDecisions_ReplacesDecisionId",
                table: "WrittenDecisions");

            migrationBuilder.DropIndex(
                name: "IX_WrittenDecisions_Source_Original",
                table: "WrittenDecisions");

            migrationBuilder.DropColumn(
                name: "PpvCaseId",
                table: "ReferralDocuments");

            migrationBuilder.DropColumn(
                name: "PpvVersion",
                table: "ReferralDocuments");

            migrationBuilder.CreateIndex(
                name: "IX_WrittenDecisions_SourceDecisionId",
                table: "WrittenDecisions",
                column: "SourceDecisionId");
        }
    }
}
