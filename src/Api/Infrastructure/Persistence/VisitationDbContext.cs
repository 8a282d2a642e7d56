using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Messaging;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Infrastructure.Persistence;

/// <summary>
/// The one unit of work. Used directly by the endpoints: no repository wrappers. Each database provider
/// has a subclass (below) only so that each keeps its own migrations.
/// </summary>
public abstract class VisitationDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<School> Schools => Set<School>();
    public DbSet<SpecialOffer> Offers => Set<SpecialOffer>();
    public DbSet<Guardian> Guardians => Set<Guardian>();
    public DbSet<Child> Children => Set<Child>();
    public DbSet<VisitationRound> Rounds => Set<VisitationRound>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<Deadline> Deadlines => Set<Deadline>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<AppUser> Users => Set<AppUser>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<WrittenDecision> WrittenDecisions => Set<WrittenDecision>();
    public DbSet<Letter> Letters => Set<Letter>();
    public DbSet<Complaint> Complaints => Set<Complaint>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(VisitationDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text: the database stays readable for the people who audit it, and reordering an
        // enum cannot silently change stored meaning.
        configurationBuilder.Properties<Role>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<OfferCategory>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<RoundKind>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<RoundStatus>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<ReferralState>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<ReferralTrigger>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<ReferralPartType>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<Track>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<DecisionOutcome>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<DeadlineKind>().HaveConversion<string>().HaveMaxLength(60);
        configurationBuilder.Properties<DeadlineStatus>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<AuditKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<WrittenDecisionKind>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<ComplaintStatus>().HaveConversion<string>().HaveMaxLength(40);
    }
}

public sealed class SqliteVisitationDbContext(DbContextOptions<SqliteVisitationDbContext> options) : VisitationDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no date-time type; stored as UTC ticks so comparisons and ORDER BY run in the database.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

public sealed class PostgresVisitationDbContext(DbContextOptions<PostgresVisitationDbContext> options) : VisitationDbContext(options);

public sealed class SqlServerVisitationDbContext(DbContextOptions<SqlServerVisitationDbContext> options) : VisitationDbContext(options);

internal sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
