using System.Net;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Tests.Support;
using static Visitation.Api.Tests.Access.AuthorizationMatrixTests.Expect;

namespace Visitation.Api.Tests.Access;

/// <summary>
/// Who may do what to ChildA's case, one named test per role, scope and endpoint. The referral each
/// action needs is brought into a state where the action is possible, so a refusal comes from role or
/// scope, never from state. A case outside the caller's read scope answers exactly as an unknown id
/// would (404), so its existence is not revealed; a refused change writes nothing.
/// </summary>
[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
[Parallelizable(ParallelScope.Self)]
public sealed class AuthorizationMatrixTests(Db db)
{
    private TestDatabase _database = null!;
    private VisitationApp _app = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        _database = TestDatabase.Create(db);
        _app = new VisitationApp(_database);
    }

    [OneTimeTearDown]
    public void StopApp()
    {
        _app.Dispose();
        _database.Dispose();
    }

    public enum Who { Anonymous, Committee, LeaderA, LeaderB, OfferLeader, OtherOfferLeader, PsychologistA, PsychologistB, ParentA, ParentB, Admin }

    public enum Expect
    {
        /// <summary>2xx.</summary>
        A,
        /// <summary>401: not signed in.</summary>
        U,
        /// <summary>403: may see the case (or the function is not about a case) but may not act.</summary>
        F,
        /// <summary>404: outside the caller's read scope, answered as for an id that does not exist.</summary>
        N,
        /// <summary>400 naming childId: a child outside the caller's scope, answered as for a child that does not exist.</summary>
        H,
    }

    public enum Act
    {
        ListChildren, ReadChild, ReadAccessLog, CreateReferral, ReadReferral, ReadPlacedReferral, DownloadDocument,
        AttachParentStatement, AttachPpv, Submit, AssignRound, Triage, PutOnAgenda, RecordHearing, Decide, Withdraw,
        CreateOffer, ChangeOffer, PlanRound, ListNotifications, ListWorkflows, ListSchools,
    }

    /// <summary>
    /// The matrix. Columns follow <see cref="Who"/>:
    /// Anonymous, Committee, LeaderA, LeaderB, OfferLeader, OtherOfferLeader, PsychologistA, PsychologistB, ParentA, ParentB, Admin.
    /// </summary>
    private static readonly Dictionary<Act, Expect[]> Matrix = new()
    {
        //                              Anon Com  LdrA LdrB OffL OOfL PsyA PsyB ParA ParB Adm
        [Act.ListChildren]           = [U,   A,   A,   A,   A,   A,   A,   A,   A,   A,   F],
        // The administrator keeps the system, not cases: told so (403), as on the list.
        [Act.ReadChild]              = [U,   A,   A,   N,   N,   N,   A,   N,   A,   N,   F],
        // Those who may see the child are told the log is the parents' and the administration's (403);
        // others learn nothing about the child (404).
        [Act.ReadAccessLog]          = [U,   F,   F,   N,   N,   N,   F,   N,   A,   N,   A],
        // Only the leader of the child's school may refer. A role that may never refer is told so (403)
        // before the child is looked up. A leader of another school holds the right role, so the child
        // outside their scope is answered as unknown (H).
        [Act.CreateReferral]         = [U,   F,   A,   H,   F,   F,   F,   F,   F,   F,   F],
        [Act.ReadReferral]           = [U,   A,   A,   N,   N,   N,   A,   N,   A,   N,   N],
        [Act.ReadPlacedReferral]     = [U,   A,   A,   N,   A,   N,   A,   N,   A,   N,   N],
        [Act.DownloadDocument]       = [U,   A,   A,   N,   N,   N,   A,   N,   A,   N,   N],
        [Act.AttachParentStatement]  = [U,   F,   A,   N,   N,   N,   F,   N,   A,   N,   N],
        [Act.AttachPpv]              = [U,   F,   A,   N,   N,   N,   F,   N,   F,   N,   N],
        [Act.Submit]                 = [U,   F,   A,   N,   N,   N,   F,   N,   F,   N,   N],
        [Act.AssignRound]            = [U,   A,   F,   N,   N,   N,   F,   N,   F,   N,   N],
        [Act.Triage]                 = [U,   A,   F,   N,   N,   N,   F,   N,   F,   N,   N],
        [Act.PutOnAgenda]            = [U,   A,   F,   N,   N,   N,   F,   N,   F,   N,   N],
        [Act.RecordHearing]          = [U,   A,   F,   N,   N,   N,   F,   N,   F,   N,   N],
        [Act.Decide]                 = [U,   A,   F,   N,   N,   N,   F,   N,   F,   N,   N],
        [Act.Withdraw]               = [U,   F,   A,   N,   N,   N,   F,   N,   F,   N,   N],
        [Act.CreateOffer]            = [U,   F,   F,   F,   F,   F,   F,   F,   F,   F,   A],
        [Act.ChangeOffer]            = [U,   F,   F,   F,   F,   F,   F,   F,   F,   F,   A],
        [Act.PlanRound]              = [U,   A,   F,   F,   F,   F,   F,   F,   F,   F,   A],
        [Act.ListNotifications]      = [U,   A,   A,   A,   A,   A,   A,   A,   A,   A,   A],
        [Act.ListWorkflows]          = [U,   A,   A,   A,   A,   A,   A,   A,   A,   A,   A],
        [Act.ListSchools]            = [U,   A,   A,   A,   A,   A,   A,   A,   A,   A,   A],
    };

    /// <summary>What an action is about. A probe replaces the ids with unknown ones.</summary>
    public sealed record Target(TestMunicipality Town, Guid ChildId, Guid ReferralId, Guid DocumentId, string Marker)
    {
        public Target Unknown() => this with { ChildId = Guid.NewGuid(), ReferralId = Guid.NewGuid(), DocumentId = Guid.NewGuid() };
    }

    /// <param name="Phrase">The action in a test name.</param>
    /// <param name="Stage">The state ChildA's referral must be in for the action to be possible; null for none.</param>
    /// <param name="Written">What the action writes, read back to show a refusal wrote nothing.</param>
    private sealed record Spec(string Phrase, Stage? Stage, Func<HttpClient, Target, Task<HttpResponseMessage>> Send,
        Func<VisitationApp, Target, Task<object>>? Written = null);

    private static Task<object> ReferralWritten(VisitationApp app, Target t) => Boxed(app.SnapshotAsync(t.ReferralId));

    private static async Task<object> Boxed<T>(Task<T> task) where T : notnull => await task;

    private static readonly Dictionary<Act, Spec> Specs = new()
    {
        [Act.ListChildren] = new("list_children", null, (c, _) => c.GetAsync("/api/children")),
        [Act.ReadChild] = new("read_ChildA", null, (c, t) => c.GetAsync($"/api/children/{t.ChildId}")),
        [Act.ReadAccessLog] = new("read_ChildAs_access_log", null, (c, t) => c.GetAsync($"/api/children/{t.ChildId}/access-log")),
        [Act.CreateReferral] = new("create_a_referral_for_ChildA", null,
            (c, t) => c.PostJsonAsync("/api/referrals", new { childId = t.ChildId }),
            (app, t) => Boxed(app.ReferralCountAsync(t.Town.ChildA.Id))),
        [Act.ReadReferral] = new("read_ChildAs_referral", Stage.Draft, (c, t) => c.GetAsync($"/api/referrals/{t.ReferralId}")),
        [Act.ReadPlacedReferral] = new("read_ChildAs_referral_placed_in_Offer", Stage.Placed,
            (c, t) => c.GetAsync($"/api/referrals/{t.ReferralId}")),
        [Act.DownloadDocument] = new("download_a_document_of_ChildAs_referral", Stage.Complete,
            (c, t) => c.GetAsync($"/api/referrals/{t.ReferralId}/documents/{t.DocumentId}")),
        [Act.AttachParentStatement] = new("attach_the_parent_statement_to_ChildAs_referral", Stage.Draft,
            (c, t) => c.UploadAsync(t.ReferralId, "ParentStatement"), ReferralWritten),
        [Act.AttachPpv] = new("attach_the_PPV_to_ChildAs_referral", Stage.Draft,
            (c, t) => c.UploadAsync(t.ReferralId, "PPV"), ReferralWritten),
        [Act.Submit] = new("submit_ChildAs_referral", Stage.Draft,
            (c, t) => c.PostEmptyAsync($"/api/referrals/{t.ReferralId}/submit"), ReferralWritten),
        [Act.AssignRound] = new("assign_ChildAs_referral_to_a_round", Stage.Complete,
            (c, t) => c.PostJsonAsync($"/api/referrals/{t.ReferralId}/round", new { roundId = t.Town.OpenRound.Id }), ReferralWritten),
        [Act.Triage] = new("triage_ChildAs_referral", Stage.AssignedToRound,
            (c, t) => c.PostJsonAsync($"/api/referrals/{t.ReferralId}/triage", new { track = 2 }), ReferralWritten),
        [Act.PutOnAgenda] = new("put_ChildAs_referral_on_the_agenda", Stage.Triaged,
            (c, t) => c.PostEmptyAsync($"/api/referrals/{t.ReferralId}/agenda"), ReferralWritten),
        [Act.RecordHearing] = new("record_a_hearing_on_ChildAs_referral", Stage.Triaged,
            (c, t) => c.PostJsonAsync($"/api/referrals/{t.ReferralId}/hearings", new
            {
                sentAt = DateTimeOffset.UtcNow.AddDays(-1),
                replyDeadline = DateTimeOffset.UtcNow.AddDays(8),
                subject = "Udkast til afgørelse om specialtilbud.",
                parentsReply = "Vi er enige i forslaget.",
            }), ReferralWritten),
        [Act.Decide] = new("decide_ChildAs_referral", Stage.OnAgenda,
            (c, t) => c.PostJsonAsync($"/api/referrals/{t.ReferralId}/decision", new
            {
                outcome = "Placement",
                offerId = t.Town.Offer.Id,
                startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
                reasons = "Barnets behov kan bedst imødekommes i tilbuddet.",
            }), ReferralWritten),
        [Act.Withdraw] = new("withdraw_ChildAs_referral", Stage.Draft,
            (c, t) => c.PostJsonAsync($"/api/referrals/{t.ReferralId}/withdraw", new { reason = "Familien flytter." }), ReferralWritten),
        [Act.CreateOffer] = new("create_a_special_offer", null,
            (c, t) => c.PostJsonAsync("/api/offers", new { name = t.Marker, category = "Specialtilbud1", hostSchoolId = t.Town.HostSchool.Id, seats = 12 }),
            (app, t) => Boxed(app.WithDbAsync(d => d.Offers.CountAsync(o => o.Name == t.Marker)))),
        [Act.ChangeOffer] = new("change_a_special_offer", null,
            (c, t) => c.PutJsonAsync($"/api/offers/{t.Town.Offer.Id}", new { name = t.Marker, seats = 30, isActive = true, revision = 0 }),
            (app, t) => Boxed(app.WithDbAsync(d => d.Offers.AsNoTracking().Where(o => o.Id == t.Town.Offer.Id)
                .Select(o => new { o.Name, o.Seats, o.Revision }).SingleAsync()))),
        [Act.PlanRound] = new("plan_a_visitation_round", null,
            (c, t) => c.PostJsonAsync("/api/rounds", new
            {
                name = t.Marker,
                kind = "Regular",
                referralDeadline = DateTimeOffset.UtcNow.AddDays(30),
                triageMeetingAt = DateTimeOffset.UtcNow.AddDays(33),
                committeeMeetingAt = DateTimeOffset.UtcNow.AddDays(40),
            }),
            (app, t) => Boxed(app.WithDbAsync(d => d.Rounds.CountAsync(r => r.Name == t.Marker)))),
        [Act.ListNotifications] = new("list_own_notifications", null, (c, _) => c.GetAsync("/api/notifications")),
        [Act.ListWorkflows] = new("list_workflows", null, (c, _) => c.GetAsync("/api/workflows")),
        [Act.ListSchools] = new("list_schools", null, (c, _) => c.GetAsync("/api/schools")),
    };

    public static IEnumerable<TestCaseData> Cells() =>
        from entry in Matrix
        from who in Enum.GetValues<Who>()
        let expect = entry.Value[(int)who]
        select new TestCaseData(entry.Key, who, expect).SetName(NameOf(entry.Key, who, expect));

    private static string NameOf(Act act, Who who, Expect expect)
    {
        var phrase = Specs[act].Phrase;
        return expect switch
        {
            A => $"{who}_may_{phrase}",
            U => $"Anonymous_caller_may_not_{phrase}_401",
            F => $"{who}_may_not_{phrase}_403",
            N => $"{who}_may_not_{phrase}_404_as_if_it_did_not_exist",
            H => $"{who}_may_not_{phrase}_400_as_if_the_child_did_not_exist",
            _ => throw new ArgumentOutOfRangeException(nameof(expect)),
        };
    }

    [Test]
    public void Matrix_covers_every_action_and_every_caller()
    {
        Matrix.Keys.ShouldBe(Enum.GetValues<Act>(), ignoreOrder: true);
        Specs.Keys.ShouldBe(Enum.GetValues<Act>(), ignoreOrder: true);
        foreach (var (act, row) in Matrix) row.Length.ShouldBe(Enum.GetValues<Who>().Length, act.ToString());
    }

    [TestCaseSource(nameof(Cells))]
    public async Task Cell(Act act, Who who, Expect expect)
    {
        var spec = Specs[act];
        // An anonymous request is turned away before any case is looked at, so it needs no case of its own.
        var town = who == Who.Anonymous ? await SharedTownAsync() : await _app.TownAsync();
        var referral = spec.Stage is { } stage && who != Who.Anonymous ? await _app.ReferralAsync(town, stage) : null;
        var target = new Target(town, town.ChildA.Id, referral?.Id ?? Guid.NewGuid(),
            referral?.Documents.FirstOrDefault()?.Id ?? Guid.NewGuid(), $"Matrix {Guid.NewGuid():N}");
        var client = await ClientAsync(town, who);
        var written = spec.Stage is not null && referral is null ? null : spec.Written;
        var before = written is null ? null : await written(_app, target);

        using var response = await spec.Send(client, target);

        switch (expect)
        {
            case A:
                var body = await response.Content.ReadAsStringAsync();
                response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {body}");
                break;
            case U:
                response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
                await response.DanishProblemAsync(HttpStatusCode.Unauthorized);
                break;
            case F:
                await response.DanishProblemAsync(HttpStatusCode.Forbidden);
                break;
            case N:
            case H:
                var status = expect == N ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest;
                var problem = await response.DanishProblemAsync(status, expect == H ? "childId" : null);
                using (var probe = await spec.Send(client, target.Unknown()))
                {
                    var unknown = await probe.DanishProblemAsync(status, expect == H ? "childId" : null);
                    problem["detail"]!.GetValue<string>().ShouldBe(unknown["detail"]!.GetValue<string>(),
                        "A case outside the caller's scope must be answered exactly as one that does not exist.");
                }
                break;
        }

        if (written is not null)
        {
            var after = await written(_app, target);
            if (expect == A) after.ShouldNotBe(before, "An allowed change should have been written.");
            else after.ShouldBe(before, "A refused change must write nothing.");
        }
    }

    public enum Listing { Children, Referrals }

    public enum Sees { ChildA, NotChildA, Refused }

    public static IEnumerable<TestCaseData> ListCases()
    {
        // In the order of Who: Anonymous (not listed), Committee, LeaderA, LeaderB, OfferLeader, OtherOfferLeader,
        // PsychologistA, PsychologistB, ParentA, ParentB, Admin. Children and referrals share one scope.
        Sees[] scope = [default, Sees.ChildA, Sees.ChildA, Sees.NotChildA, Sees.NotChildA, Sees.NotChildA,
            Sees.ChildA, Sees.NotChildA, Sees.ChildA, Sees.NotChildA, Sees.Refused];
        foreach (var who in Enum.GetValues<Who>().Where(w => w != Who.Anonymous))
        {
            yield return ListCase(who, Listing.Children, Stage.Draft, scope[(int)who]);
            yield return ListCase(who, Listing.Referrals, Stage.Draft, scope[(int)who]);
        }
        // Once the committee places ChildA in Offer, that offer's leader sees the referral; the other offer's leader does not.
        yield return ListCase(Who.OfferLeader, Listing.Referrals, Stage.Placed, Sees.ChildA);
        yield return ListCase(Who.OtherOfferLeader, Listing.Referrals, Stage.Placed, Sees.NotChildA);
    }

    private static TestCaseData ListCase(Who who, Listing listing, Stage stage, Sees sees)
    {
        var list = listing == Listing.Children ? "children" : "referrals";
        var when = stage == Stage.Placed ? "_after_placement_in_Offer" : "";
        var name = sees switch
        {
            Sees.ChildA => $"{who}_sees_ChildA_in_the_list_of_{list}{when}",
            Sees.NotChildA => $"{who}_list_of_{list}_contains_nothing_of_ChildA{when}",
            _ => $"{who}_may_not_list_{list}_403",
        };
        return new TestCaseData(who, listing, stage, sees).SetName(name);
    }

    [TestCaseSource(nameof(ListCases))]
    public async Task List(Who who, Listing listing, Stage stage, Sees sees)
    {
        var town = await _app.TownAsync();
        var referralA = await _app.ReferralAsync(town, stage);
        var referralB = await _app.ReferralAsync(town, Stage.Draft, town.ChildB);
        var client = await ClientAsync(town, who);

        using var response = await client.GetAsync(listing == Listing.Children ? "/api/children" : "/api/referrals");

        if (sees == Sees.Refused)
        {
            await response.DanishProblemAsync(HttpStatusCode.Forbidden);
            return;
        }
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var traces = new[] { town.ChildA.Id.ToString(), referralA.Id.ToString(), town.ChildA.Cpr.Masked, town.ChildA.Cpr.Value };
        if (sees == Sees.ChildA)
        {
            body.ShouldContain(town.ChildA.Id.ToString());
            if (listing == Listing.Referrals) body.ShouldContain(referralA.Id.ToString());
        }
        else
        {
            foreach (var trace in traces) body.ShouldNotContain(trace, Case.Insensitive, $"{who} must not see ChildA's data");
        }
        // The family's own case is in their own list: the filter is a scope, not an empty answer.
        if (who == Who.ParentB || who == Who.LeaderB || who == Who.PsychologistB)
        {
            body.ShouldContain(town.ChildB.Id.ToString());
            if (listing == Listing.Referrals) body.ShouldContain(referralB.Id.ToString());
        }
    }

    [Test]
    public async Task Guardian_cannot_read_another_familys_referral()
    {
        var town = await _app.TownAsync();
        var referralA = await _app.ReferralAsync(town, Stage.Complete);
        var referralB = await _app.ReferralAsync(town, Stage.Draft, town.ChildB);
        var parentB = await ClientAsync(town, Who.ParentB);
        var documentA = referralA.Documents.First();

        foreach (var url in new[]
        {
            $"/api/referrals/{referralA.Id}",
            $"/api/referrals/{referralA.Id}/documents/{documentA.Id}",
            $"/api/children/{town.ChildA.Id}",
            $"/api/children/{town.ChildA.Id}/access-log",
        })
        {
            using var response = await parentB.GetAsync(url);
            await response.DanishProblemAsync(HttpStatusCode.NotFound);
        }
        using (var upload = await parentB.UploadAsync(referralA.Id, "ParentStatement"))
            await upload.DanishProblemAsync(HttpStatusCode.NotFound);

        var referrals = await (await parentB.GetAsync("/api/referrals")).Content.ReadAsStringAsync();
        var children = await (await parentB.GetAsync("/api/children")).Content.ReadAsStringAsync();
        foreach (var list in new[] { referrals, children })
        {
            list.ShouldNotContain(town.ChildA.Id.ToString());
            list.ShouldNotContain(referralA.Id.ToString());
            list.ShouldNotContain(town.ChildA.Cpr.Masked);
            list.ShouldContain(town.ChildB.Id.ToString());
        }
        referrals.ShouldContain(referralB.Id.ToString());

        // Nor did anything ParentB tried leave a trace in ChildA's case: no reads of ChildA are logged in their name.
        var logged = await _app.WithDbAsync(d => d.AuditEntries.CountAsync(a => a.ChildId == town.ChildA.Id && a.UserId == town.ParentB.Id));
        logged.ShouldBe(0);
    }

    private TestMunicipality? _sharedTown;

    private async Task<TestMunicipality> SharedTownAsync() => _sharedTown ??= await _app.TownAsync();

    private async Task<HttpClient> ClientAsync(TestMunicipality town, Who who) => who switch
    {
        Who.Anonymous => _app.CreateClient(),
        _ => await _app.ClientForAsync(UserOf(town, who).Id),
    };

    private static AppUser UserOf(TestMunicipality town, Who who) => who switch
    {
        Who.Committee => town.Committee,
        Who.LeaderA => town.LeaderA,
        Who.LeaderB => town.LeaderB,
        Who.OfferLeader => town.OfferLeader,
        Who.OtherOfferLeader => town.OtherOfferLeader,
        Who.PsychologistA => town.PsychologistA,
        Who.PsychologistB => town.PsychologistB,
        Who.ParentA => town.ParentA,
        Who.ParentB => town.ParentB,
        Who.Admin => town.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };
}
