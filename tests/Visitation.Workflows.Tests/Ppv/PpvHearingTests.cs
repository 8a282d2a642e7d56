using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Ppv.PpvScenario;

namespace Visitation.Workflows.Tests.Ppv;

/// <summary>The parents' hearing on the draft: shared with them, commented within the deadline, concluded by reply or deadline.</summary>
public class PpvHearingTests
{
    private PpvScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new PpvScenario();

    [Test]
    public void Sending_the_draft_to_hearing_gives_the_parents_until_the_end_of_the_day_fourteen_days_later()
    {
        var ppv = _s.Drafted();
        ppv.ClearDeadlineChanges();

        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, HearingSentAt);

        ppv.State.ShouldBe(PpvState.InHearing);
        var hearing = ppv.CurrentHearing.ShouldNotBeNull();
        hearing.DraftId.ShouldBe(ppv.Drafts[0].Id);
        hearing.SentAt.ShouldBe(HearingSentAt);
        hearing.ReplyDeadline.ShouldBe(HearingDeadline);
        hearing.ReplyDeadline.Offset.ShouldBe(TimeSpan.Zero);
        DanishTime.LongDate(hearing.ReplyDeadline).ShouldBe("19. oktober 2026");
        ppv.DeadlineChanges.ShouldBe([new ScheduleDeadline(DeadlineKind.PpvHearingDeadline, ppv.Id, HearingDeadline)]);
        ppv.History[^1].Detail.ShouldBe("Udkast 1 sendt i høring hos forældrene med svarfrist 19. oktober 2026.");
    }

    [Test]
    public void The_reply_deadline_is_the_end_of_the_Danish_day_also_across_the_change_to_winter_time()
    {
        // Sent 20 October (summer time); the deadline 3 November is in winter time, UTC+1.
        var deadline = PpvDeadlines.HearingReplyDeadline(Times.At(2026, 10, 20, 16), CurrentRules);

        deadline.ShouldBe(new DateTimeOffset(2026, 11, 3, 22, 59, 59, TimeSpan.Zero));
        DanishTime.LongDate(deadline).ShouldBe("3. november 2026");
    }

    [Test]
    public void The_hearing_length_comes_from_the_rule_set()
    {
        var rules = CurrentRules with { Ppv = CurrentRules.Ppv with { HearingReplyDays = 7 } };

        PpvDeadlines.HearingReplyDeadline(HearingSentAt, rules).ShouldBe(new DateTimeOffset(2026, 10, 12, 23, 59, 59, Times.Cest));
    }

    [Test]
    public void A_guardians_comment_is_recorded_with_who_and_when()
    {
        var ppv = _s.InHearing();

        _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Vi savner frikvartererne.", DuringHearing);

        var comment = ppv.HearingComments.ShouldHaveSingleItem();
        comment.HearingId.ShouldBe(ppv.CurrentHearing!.Id);
        comment.GuardianId.ShouldBe(_s.GuardianAId);
        comment.Text.ShouldBe("Vi savner frikvartererne.");
        comment.At.ShouldBe(DuringHearing);
        comment.RecordedByUserId.ShouldBe(_s.GuardianA.UserId);
        comment.RecordedOnBehalf.ShouldBeFalse();
        ppv.State.ShouldBe(PpvState.InHearing);
        ppv.IsHearingOpen(DuringHearing).ShouldBeTrue();
        ppv.History[^1].Detail.ShouldBe("Forælder har kommenteret udkastet.");
    }

    [Test]
    public void The_psychologist_may_record_a_guardians_oral_comment_naming_the_guardian()
    {
        var ppv = _s.InHearing();

        _s.Workflow.CommentOnHearing(ppv, _s.Psychologist, "Far sagde i telefonen, at beskrivelsen passer.", DuringHearing, _s.GuardianBId);

        var comment = ppv.HearingComments.ShouldHaveSingleItem();
        comment.GuardianId.ShouldBe(_s.GuardianBId);
        comment.RecordedOnBehalf.ShouldBeTrue();
        comment.RecordedByRole.ShouldBe(Role.Psychologist);
    }

    [Test]
    public void A_comment_must_come_from_a_custody_holder()
    {
        var ppv = _s.InHearing();

        Should.Throw<InvalidInputException>(() => _s.Workflow.CommentOnHearing(ppv, _s.Psychologist, "Kommentar.", DuringHearing))
            .Message.ShouldBe("Angiv, hvilken forælder kommentaren kommer fra.");
        Should.Throw<InvalidInputException>(() => _s.Workflow.CommentOnHearing(ppv, _s.Psychologist, "Kommentar.", DuringHearing, _s.OtherGuardianId))
            .Message.ShouldBe("Kommentaren skal komme fra en af barnets forældremyndighedsindehavere.");
        Should.Throw<InvalidInputException>(() => _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Kommentar.", DuringHearing, _s.GuardianBId))
            .Message.ShouldBe("En forælder kan kun kommentere på egne vegne.");
        Should.Throw<NotPermittedException>(() => _s.Workflow.CommentOnHearing(ppv, _s.OtherGuardian, "Kommentar.", DuringHearing))
            .Message.ShouldBe("Du har ikke adgang til denne PPV-sag.");
        ppv.HearingComments.ShouldBeEmpty();
    }

    [Test]
    public void The_PPV_cannot_be_finalised_while_the_hearing_is_open()
    {
        var ppv = _s.InHearing();
        _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Kommentar.", DuringHearing);

        Should.Throw<WrongStateException>(() => _s.Workflow.Finalise(ppv, _s.Psychologist, "Indarbejdet.", HearingDeadline))
            .Message.ShouldBe($"Du kan ikke gøre PPV'en endelig nu. {PpvWorkflowV1.HearingMustBeOver}");
        ppv.State.ShouldBe(PpvState.InHearing);
        ppv.Versions.ShouldBeEmpty();
    }

    [Test]
    public void The_hearing_concludes_at_the_deadline_when_not_every_guardian_replied()
    {
        var ppv = _s.InHearing();
        _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Kommentar.", DuringHearing);

        ppv.IsHearingOpen(HearingDeadline).ShouldBeTrue();
        ppv.IsHearingOpen(HearingDeadline.AddSeconds(1)).ShouldBeFalse();
        _s.Workflow.PermittedActions(ppv, _s.Psychologist, HearingDeadline.AddSeconds(1)).ShouldContain(PpvTrigger.Finalise);
        _s.Workflow.PermittedActions(ppv, _s.GuardianB, HearingDeadline.AddSeconds(1)).ShouldNotContain(PpvTrigger.CommentOnHearing);
    }

    [Test]
    public void A_comment_after_the_deadline_is_refused()
    {
        var ppv = _s.InHearing();

        Should.Throw<WrongStateException>(() => _s.Workflow.CommentOnHearing(ppv, _s.GuardianB, "For sent.", AfterHearing))
            .Message.ShouldBe($"Du kan ikke kommentere udkastet nu. {PpvWorkflowV1.HearingMustBeOpen}");
        ppv.HearingComments.ShouldBeEmpty();
    }

    [Test]
    public void When_every_guardian_has_replied_the_hearing_concludes_early_and_its_deadline_is_cancelled()
    {
        var ppv = _s.InHearing();
        _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Enig.", DuringHearing);
        ppv.ClearDeadlineChanges();

        _s.Workflow.CommentOnHearing(ppv, _s.GuardianB, "Også enig.", DuringHearing.AddHours(2));

        ppv.IsHearingOpen(DuringHearing.AddHours(3)).ShouldBeFalse();
        ppv.DeadlineChanges.ShouldBe([new CancelDeadlines(DeadlineKind.PpvHearingDeadline, ppv.Id)]);
        ppv.History[^1].Detail.ShouldEndWith("Alle forældre har svaret; høringen er afsluttet.");
        Should.Throw<WrongStateException>(() => _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Et tillæg.", DuringHearing.AddHours(3)));

        var version = _s.Workflow.Finalise(ppv, _s.Psychologist, "Begge forældre er enige.", DuringHearing.AddHours(4));

        version.Number.ShouldBe(1);
        ppv.State.ShouldBe(PpvState.Final);
    }

    [Test]
    public void A_guardian_may_comment_more_than_once_while_the_other_has_not_replied()
    {
        var ppv = _s.InHearing();

        _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Første kommentar.", DuringHearing);
        _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Et tillæg.", DuringHearing.AddDays(1));

        ppv.HearingComments.Count.ShouldBe(2);
        ppv.IsHearingOpen(DuringHearing.AddDays(1)).ShouldBeTrue();
    }

    [Test]
    public void Finalising_after_comments_requires_saying_how_they_were_taken_into_account()
    {
        var ppv = _s.InHearing();
        _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Vi savner frikvartererne.", DuringHearing);

        Should.Throw<InvalidInputException>(() => _s.Workflow.Finalise(ppv, _s.Psychologist, " ", AfterHearing))
            .Message.ShouldBe("Forældrene har kommenteret udkastet. Beskriv, hvordan kommentarerne er indgået i den endelige PPV.");
        ppv.State.ShouldBe(PpvState.InHearing);
    }

    [Test]
    public void Without_comments_the_PPV_is_finalised_after_the_deadline_without_a_response()
    {
        var ppv = _s.InHearing();

        var version = _s.Workflow.Finalise(ppv, _s.Psychologist, null, AfterHearing);

        version.ResponseToComments.ShouldBeNull();
        version.Text.ShouldBe(ppv.Drafts[0].Text);
    }

    [Test]
    public void The_final_version_is_exactly_the_draft_the_parents_were_heard_on()
    {
        var ppv = _s.InHearing();
        var heard = ppv.CurrentDraft!;

        var version = _s.Workflow.Finalise(ppv, _s.Psychologist, null, AfterHearing);

        version.DraftId.ShouldBe(heard.Id);
        version.HearingId.ShouldBe(ppv.Hearings[0].Id);
        version.Text.ShouldBe(heard.Text);
        version.Recommendations.ShouldBe(heard.Recommendations);
    }

    [Test]
    public void Taking_the_draft_back_closes_the_hearing_cancels_its_deadline_and_requires_a_new_hearing()
    {
        var ppv = _s.InHearing();
        _s.Workflow.CommentOnHearing(ppv, _s.GuardianA, "Beskrivelsen af frikvartererne er forkert.", DuringHearing);
        ppv.ClearDeadlineChanges();

        _s.Workflow.ReopenDraft(ppv, _s.Psychologist, "Forældrenes kommentar kræver en ny observation.", DuringHearing.AddDays(1));

        ppv.State.ShouldBe(PpvState.Drafted);
        ppv.Hearings[0].Closure.ShouldBe(HearingClosure.DraftReopened);
        ppv.CurrentHearing.ShouldBeNull();
        ppv.DeadlineChanges.ShouldBe([new CancelDeadlines(DeadlineKind.PpvHearingDeadline, ppv.Id)]);
        Should.Throw<WrongStateException>(() => _s.Workflow.Finalise(ppv, _s.Psychologist, "x", AfterHearing));

        _s.Workflow.RecordNote(ppv, _s.Psychologist, PpvNoteKind.Observation, "Ny observation i frikvarteret.", DuringHearing.AddDays(2), DuringHearing.AddDays(2));
        _s.Workflow.WriteDraft(ppv, _s.Psychologist, "Revideret vurdering.", "Reviderede anbefalinger.", DuringHearing.AddDays(3));
        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, DuringHearing.AddDays(3));

        ppv.CurrentHearing!.DraftId.ShouldBe(ppv.Drafts[1].Id);
        ppv.CommentsOn(ppv.CurrentHearing!).ShouldBeEmpty();
    }

    [Test]
    public void Guardians_see_the_draft_only_while_it_is_in_hearing()
    {
        var ppv = _s.Drafted();
        var draft = ppv.Drafts[0];
        PpvAccess.CanReadDraft(_s.GuardianA, ppv, draft).ShouldBeFalse();

        _s.Workflow.SendToHearing(ppv, _s.Psychologist, CurrentRules, HearingSentAt);
        PpvAccess.CanReadDraft(_s.GuardianA, ppv, draft).ShouldBeTrue();
        PpvAccess.CanReadDraft(_s.GuardianB, ppv, draft).ShouldBeTrue();
        PpvAccess.CanReadDraft(_s.OtherGuardian, ppv, draft).ShouldBeFalse();

        _s.Workflow.Finalise(ppv, _s.Psychologist, null, AfterHearing);
        PpvAccess.CanReadDraft(_s.GuardianA, ppv, draft).ShouldBeFalse();
        PpvAccess.CanReadFinal(_s.GuardianA, ppv, ppv.LatestFinal!).ShouldBeTrue();
    }
}
