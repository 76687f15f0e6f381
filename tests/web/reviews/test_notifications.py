"""Notifications: every proposal event in the recipient's language, stored and e-mailed after
commit; the list shows one's own only; marking read."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from review_records import review_records

from fachkraefte.web.accounts.models import Profile
from fachkraefte.web.notifications.models import Notification
from fachkraefte.web.notifications.proposal_events import EVENTS, proposal_notify_parties
from fachkraefte.web.notifications.services import language_of, notification_mark_read, notify
from fachkraefte.web.proposals.models import CoApplicant

pytestmark = pytest.mark.django_db

ENGLISH_SUBJECTS = {
    "submitted": "Acknowledgement of receipt",
    "revision": "Revision requested",
    "invited": "Invitation to the full proposal",
    "approved": "Your proposal was approved",
    "rejected": "Your proposal was rejected",
    "funded": "Your proposal was funded",
    "not_funded": "Your proposal was not funded",
}
GERMAN_SUBJECTS = {
    "submitted": "Eingangsbestätigung",
    "revision": "Überarbeitung erbeten",
    "invited": "Aufforderung zum Vollantrag",
    "approved": "Ihr Antrag wurde befürwortet",
    "rejected": "Ihr Antrag wurde abgelehnt",
    "funded": "Ihr Antrag wurde bewilligt",
    "not_funded": "Ihr Antrag wurde nicht bewilligt",
}


@pytest.mark.parametrize("event", EVENTS)
def test_each_event_in_each_recipients_language(
    event, world, mailoutbox, django_capture_on_commit_callbacks
):
    r = review_records(world)
    applicant, co = world.users["applicant"], world.users["outsider_member"]
    applicant.email, co.email = "antrag@example.org", "mit@example.org"
    applicant.save()
    co.save()
    CoApplicant.objects.create(proposal=r.proposal, user=co, right="edit")
    Profile.objects.create(user=applicant, language="en")
    r.proposal.approved_amount = "45000.00"
    with django_capture_on_commit_callbacks(execute=True):
        sent = proposal_notify_parties(proposal=r.proposal, event=event)
    assert [n.user for n in sent] == [applicant, co]
    english, german = sent
    assert english.subject == f"{ENGLISH_SUBJECTS[event]}: {r.proposal.title}"
    assert german.subject == f"{GERMAN_SUBJECTS[event]}: {r.proposal.title}"
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert by_address["antrag@example.org"].subject == english.subject
    assert by_address["mit@example.org"].body.startswith(german.body)


def test_approval_names_amount_and_conditions_in_the_local_format(world):
    r = review_records(world)
    r.proposal.approved_amount = "45000.00"
    r.proposal.conditions = "Zwischenbericht"
    (german,) = proposal_notify_parties(proposal=r.proposal, event="approved")
    assert "45.000,00 EUR" in german.body and "Zwischenbericht" in german.body
    Profile.objects.create(user=world.users["applicant"], language="en")
    german.delete()
    (english,) = proposal_notify_parties(proposal=r.proposal, event="approved")
    assert "45,000.00 EUR" in english.body


def test_language_defaults_to_german(world):
    assert language_of(world.users["member"]) == "de"
    Profile.objects.create(user=world.users["member"], language="")
    assert language_of(world.users["member"]) == "de"


def test_no_mail_leaves_before_commit(world, mailoutbox, django_capture_on_commit_callbacks):
    member = world.users["member"]
    member.email = "m@example.org"
    member.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(user=member, subject="Betreff", body="Text", link="/begutachtung/")
    assert mailoutbox == [] and len(callbacks) == 1


def test_list_shows_own_notifications_and_marks_read(world, clients):
    mine = notify(user=world.users["member"], subject="Mein Betreff", body="x")
    notify(user=world.users["steering"], subject="Fremder Betreff", body="y")
    page = clients["member"].get(reverse("notifications:list")).content.decode()
    assert "Mein Betreff" in page and "Fremder Betreff" not in page
    read = reverse("notifications:read", args=[mine.pk])
    assert clients["steering"].post(read).status_code == 404
    assert clients["member"].post(read).status_code == 302
    mine.refresh_from_db()
    assert mine.is_read
    with pytest.raises(PermissionDenied):
        notification_mark_read(actor=world.users["steering"], notification=mine)
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
