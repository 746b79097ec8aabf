"""A respondent's way through the questionnaire, from the link to the thank-you page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from partnerscan.assessments import domain
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Invitation, Response
from partnerscan.capability.schema import CapabilityModel

pytestmark = pytest.mark.django_db


def html_of(page: object) -> str:
    return page.content.decode()  # type: ignore[attr-defined]


def save(client: Client, token: str, aspect: str, field: str, value: str) -> object:
    return client.post(
        f"/r/{token}/save/",
        {"aspect": aspect, "field": field, "value": value},
        headers={"HX-Request": "true"},
    )


def the_response() -> Response:
    return Response.objects.get()


def test_start_page_explains_privacy_time_and_languages(
    client: Client, token: str, assessment: Assessment
) -> None:
    page = client.get(f"/r/{token}/")
    html = html_of(page)
    assert page.status_code == 200
    assert '<meta name="referrer" content="same-origin">' in html
    assert "Zorggroep Noord" in html and "Partnerscan 2025" in html
    assert "12–20" in html
    assert "anoniem" in html.lower() or "anonymous" in html
    assert f"/r/{token}/language/" in html
    for code, name in (("nl", "Nederlands"), ("en", "English")):
        assert f'value="{code}" lang="{code}"' in html and name in html
    # Opening the link is not yet taking part: a link checker must not count as a respondent.
    assert Response.objects.count() == 0
    assert Invitation.objects.get().started_on is None


def test_start_page_offers_only_the_languages_of_the_assessment(
    client: Client, make_assessment: object
) -> None:
    assessment = make_assessment(languages=["en"])  # type: ignore[operator]
    token = domain.create_links(assessment, 1, language="nl")[0]
    html = html_of(client.get(f"/r/{token}/"))
    assert '<html lang="en">' in html
    assert "/language/" not in html  # one language: nothing to switch


def test_pressing_start_creates_the_response_and_opens_the_context_page(
    client: Client, token: str
) -> None:
    page = client.post(f"/r/{token}/")
    assert page.status_code == 302 and page.url == f"/r/{token}/context/"
    assert Response.objects.count() == 1
    assert Invitation.objects.get().started_on is not None


def test_context_page_saves_role_and_department(
    client: Client, started: str, model: CapabilityModel
) -> None:
    roles = next(q for q in model.context if q.id == "role").options
    html = html_of(client.get(f"/r/{started}/context/"))
    for option in roles:
        assert f'name="role" id="role-{option.id}" value="{option.id}"' in html
    assert '<option value="Sales">Sales</option>' in html
    page = client.post(
        f"/r/{started}/context/", {"role": roles[0].id, "department": "IT", "go": "next"}
    )
    assert page.status_code == 302
    assert page.url == f"/r/{started}/c/{model.conditions[0].id}/"
    response = the_response()
    assert (response.role, response.department) == (roles[0].id, "IT")


def test_context_page_refuses_an_unknown_department(client: Client, started: str) -> None:
    page = client.post(f"/r/{started}/context/", {"role": "", "department": "Finance"})
    assert page.status_code == 400
    assert '<p class="message error" role="alert">' in html_of(page)
    assert the_response().department == ""


def test_condition_page_shows_each_anchor_once_and_the_ambition_as_named_numbers(
    client: Client, started: str, model: CapabilityModel
) -> None:
    condition = model.conditions[0]
    page = client.get(f"/r/{started}/c/{condition.id}/")
    html = html_of(page)
    assert page.status_code == 200
    assert f"Pagina 2 van {len(model.conditions) + 2}" in html
    for aspect in condition.aspects:
        assert f'id="a-{aspect.id}"' in html
        for field in ("current", "ambition"):
            for value in ("1", "2", "3", "4", "5", "dk"):
                radio_id = f"{aspect.id}-{field}-{value}"
                assert f'id="{radio_id}" name="{aspect.id}-{field}" value="{value}"' in html
                assert html.count(f'for="{radio_id}">') == 1
        assert f'id="status-{aspect.id}" role="status"' in html
        # The descriptions once, beside "where are we now"; not again under the ambition.
        assert [html.count(escape(anchor.nl)) for anchor in aspect.anchors] == [1] * 5
    # The ambition shows the number; a screen reader hears the level's name after it.
    assert [
        html.count(f'{level.level}<span class="sr-only"> – {level.name.nl}</span>')
        for level in model.levels
    ] == [len(condition.aspects)] * 5
    assert html.count("<fieldset") == 2 * len(condition.aspects)
    assert html.count("<legend>") == 2 * len(condition.aspects)


def test_autosave_stores_each_answer_at_once(
    client: Client, started: str, model: CapabilityModel
) -> None:
    aspect = model.aspects[0].id
    assert save(client, started, aspect, "current", "2").status_code == 200
    assert save(client, started, aspect, "ambition", "dk").status_code == 200
    page = save(client, started, aspect, "comment", "  Goed overleg  ")
    assert page.status_code == 200
    html = html_of(page)
    assert "Opgeslagen" in html or "Saved" in html
    assert 'id="q-answered" class="q-answered" hx-swap-oob="true"' in html
    rows = list(Answer.objects.values_list("aspect", "current", "ambition", "comment"))
    assert rows == [(aspect, 2, DONT_KNOW, "Goed overleg")]


def test_autosave_of_a_comment_reads_the_textarea_by_its_own_name(
    client: Client, started: str, model: CapabilityModel
) -> None:
    aspect = model.aspects[0].id
    page = client.post(
        f"/r/{started}/save/",
        {"aspect": aspect, "field": "comment", f"{aspect}-comment": "Via htmx"},
        headers={"HX-Request": "true"},
    )
    assert page.status_code == 200
    assert Answer.objects.get().comment == "Via htmx"


@pytest.mark.parametrize(
    ("aspect", "field", "value"),
    [("no-such-aspect", "current", "3"), (None, "current", "7"), (None, "x", "3")],
)
def test_bad_autosave_input_is_refused_with_a_message_and_changes_nothing(
    client: Client,
    started: str,
    model: CapabilityModel,
    aspect: str | None,
    field: str,
    value: str,
) -> None:
    first = model.aspects[0].id
    save(client, started, first, "current", "4")
    page = save(client, started, aspect or first, field, value)
    assert page.status_code == 400
    assert 'class="q-error"' in html_of(page)
    assert list(Answer.objects.values_list("aspect", "current", "ambition")) == [(first, 4, None)]


def test_autosave_without_a_value_is_refused(client: Client, started: str) -> None:
    page = client.post(f"/r/{started}/save/", {"aspect": "x", "field": "current"})
    assert page.status_code == 400
    assert not Answer.objects.exists()


def test_form_post_without_javascript_saves_the_whole_page_and_moves_on(
    client: Client, started: str, model: CapabilityModel
) -> None:
    condition = model.conditions[0]
    data = {"go": "next"}
    for i, aspect in enumerate(condition.aspects):
        data[f"{aspect.id}-current"] = str(i % 5 + 1)
        data[f"{aspect.id}-ambition"] = "dk"
        data[f"{aspect.id}-comment"] = f"Opmerking {i}"
    page = client.post(f"/r/{started}/c/{condition.id}/", data)
    assert page.status_code == 302
    assert page.url == f"/r/{started}/c/{model.conditions[1].id}/"
    stored = set(Answer.objects.values_list("aspect", "current", "ambition", "comment"))
    assert stored == {
        (aspect.id, i % 5 + 1, DONT_KNOW, f"Opmerking {i}")
        for i, aspect in enumerate(condition.aspects)
    }


def test_form_post_with_one_bad_value_saves_nothing_of_the_page(
    client: Client, started: str, model: CapabilityModel
) -> None:
    condition = model.conditions[0]
    first, second = condition.aspects[0].id, condition.aspects[1].id
    page = client.post(
        f"/r/{started}/c/{condition.id}/",
        {f"{first}-current": "3", f"{second}-current": "6", "go": "next"},
    )
    assert page.status_code == 400
    assert 'role="alert"' in html_of(page)
    assert not Answer.objects.exists()


def test_previous_on_the_first_condition_saves_and_goes_back_to_the_context_page(
    client: Client, started: str, model: CapabilityModel
) -> None:
    condition, aspect = model.conditions[0], model.conditions[0].aspects[0]
    page = client.post(
        f"/r/{started}/c/{condition.id}/", {f"{aspect.id}-current": "1", "go": "prev"}
    )
    assert page.url == f"/r/{started}/context/"
    assert Answer.objects.get().current == 1


def test_resume_on_another_device_lands_where_they_were_with_answers_checked(
    client: Client, started: str, model: CapabilityModel
) -> None:
    condition = model.conditions[-1]
    aspect = condition.aspects[0].id
    client.get(f"/r/{started}/c/{condition.id}/")
    save(client, started, aspect, "current", "3")
    save(client, started, aspect, "ambition", "5")
    save(client, started, aspect, "comment", "Tweede apparaat")

    other_device = Client()  # no cookies, no session
    page = other_device.get(f"/r/{started}/")
    assert page.status_code == 302 and page.url == f"/r/{started}/c/{condition.id}/"
    html = html_of(other_device.get(page.url))
    assert f'id="{aspect}-current-3" name="{aspect}-current" value="3" checked' in html
    assert f'id="{aspect}-ambition-5" name="{aspect}-ambition" value="5" checked' in html
    assert ">Tweede apparaat</textarea>" in html
    assert html.count(" checked") == 2


def test_welcome_page_offers_to_continue_where_they_left_off(
    client: Client, started: str, model: CapabilityModel
) -> None:
    # Moving on is a POST (the page's button), and that is what is remembered: a GET never writes.
    client.post(f"/r/{started}/c/{model.conditions[-1].id}/", {"go": "next"})
    html = html_of(client.get(f"/r/{started}/welcome/"))
    assert f'href="/r/{started}/review/"' in html


def test_reading_a_page_moves_no_bookmark(
    client: Client, started: str, model: CapabilityModel
) -> None:
    client.post(f"/r/{started}/c/{model.conditions[0].id}/", {"go": "next"})
    for page in ("context/", f"c/{model.conditions[-1].id}/", "review/"):
        client.get(f"/r/{started}/{page}")
    assert Response.objects.get().position == f"c:{model.conditions[1].id}"
    assert Client().get(f"/r/{started}/").url == f"/r/{started}/c/{model.conditions[1].id}/"


def test_an_autosaved_answer_marks_its_page_as_where_they_were(
    client: Client, started: str, model: CapabilityModel
) -> None:
    aspect = model.conditions[-1].aspects[0]
    save(client, started, aspect.id, "current", "2")
    assert Response.objects.get().position == f"c:{model.conditions[-1].id}"


def test_review_lists_the_unanswered_aspects_with_links(
    client: Client, started: str, model: CapabilityModel
) -> None:
    answered, *rest = model.aspects
    save(client, started, answered.id, "current", "3")
    save(client, started, answered.id, "ambition", "4")
    html = html_of(client.get(f"/r/{started}/review/"))
    for aspect in rest:
        condition = model.condition_of(aspect.id)
        assert f'href="/r/{started}/c/{condition.id}/#a-{aspect.id}"' in html
    assert f"#a-{answered.id}" not in html
    assert f'action="/r/{started}/submit/"' in html


def test_submit_twice_submits_once_and_shows_thanks(client: Client, started: str) -> None:
    first = client.post(f"/r/{started}/submit/")
    submitted_on = Invitation.objects.get().submitted_on
    second = client.post(f"/r/{started}/submit/")
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/r/{started}/thanks/"
    assert list(Response.objects.values_list("submitted", flat=True)) == [True]
    assert submitted_on is not None
    assert Invitation.objects.get().submitted_on == submitted_on
    html = html_of(client.get(f"/r/{started}/thanks/"))
    assert f'href="/r/{started}/context/"' in html  # may still change, until it closes


def test_thanks_before_submitting_sends_to_review(client: Client, started: str) -> None:
    page = client.get(f"/r/{started}/thanks/")
    assert page.status_code == 302 and page.url == f"/r/{started}/review/"


def test_submit_is_post_only(client: Client, started: str) -> None:
    assert client.get(f"/r/{started}/submit/").status_code == 405
    assert not the_response().submitted


def test_without_amend_answers_are_read_only_after_submit(
    client: Client, make_assessment: object, model: CapabilityModel
) -> None:
    assessment = make_assessment(allow_amend=False)  # type: ignore[operator]
    token = domain.create_links(assessment, 1)[0]
    aspect, condition = model.aspects[0].id, model.conditions[0]
    client.post(f"/r/{token}/")
    save(client, token, aspect, "current", "2")
    client.post(f"/r/{token}/submit/")

    refused = save(client, token, aspect, "current", "5")
    assert refused.status_code == 409
    assert 'class="q-error"' in html_of(refused)
    form = client.post(f"/r/{token}/c/{condition.id}/", {f"{aspect}-current": "5", "go": "next"})
    assert form.status_code == 409
    assert client.post(f"/r/{token}/context/", {"role": "board"}).status_code == 409
    assert Answer.objects.get().current == 2
    assert the_response().role == ""

    html = html_of(client.get(f"/r/{token}/c/{condition.id}/"))
    assert f'id="{aspect}-current-2" name="{aspect}-current" value="2" checked disabled' in html
    assert "hx-post" not in html
    assert "Save and continue" not in html and "Opslaan en verder" not in html
    assert f'href="/r/{token}/context/"' not in html_of(client.get(f"/r/{token}/thanks/"))


def test_language_switch_is_stored_with_the_response(
    client: Client, started: str, model: CapabilityModel
) -> None:
    condition = model.conditions[0]
    page = client.post(f"/r/{started}/language/", {"language": "en", "next": f"c:{condition.id}"})
    assert page.url == f"/r/{started}/c/{condition.id}/"
    assert the_response().language == "en"
    html = html_of(Client().get(page.url))  # any device: the choice is not in a cookie
    assert '<html lang="en">' in html
    assert condition.name.en in html and condition.aspects[0].anchors[0].en in html
    assert "Where are we now?" in html


def test_language_switch_ignores_a_language_not_offered_and_a_foreign_next(
    client: Client, started: str
) -> None:
    page = client.post(
        f"/r/{started}/language/", {"language": "de", "next": "https://evil.example/"}
    )
    assert page.url == f"/r/{started}/"
    assert the_response().language == "nl"


def test_condition_page_uses_few_queries(
    client: Client,
    started: str,
    model: CapabilityModel,
    django_assert_max_num_queries: object,
) -> None:
    for aspect in model.aspects:
        save(client, started, aspect.id, "current", "3")
    url = f"/r/{started}/c/{model.conditions[0].id}/"
    client.get(url)
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        assert client.get(url).status_code == 200


def test_model_and_user_text_is_escaped(
    client: Client, organisation: object, make_assessment: object, model: CapabilityModel
) -> None:
    assessment = make_assessment(  # type: ignore[operator]
        title="<script>alert(1)</script>", departments=["<b>R&D</b>"]
    )
    token = domain.create_links(assessment, 1)[0]
    client.post(f"/r/{token}/")
    save(client, token, model.aspects[0].id, "comment", "</textarea><script>x</script>")
    start = html_of(client.get(f"/r/{token}/welcome/"))
    context = html_of(client.get(f"/r/{token}/context/"))
    condition = html_of(client.get(f"/r/{token}/c/{model.conditions[0].id}/"))
    assert "<script>alert" not in start and "&lt;script&gt;alert(1)&lt;/script&gt;" in start
    assert "<b>R&D</b>" not in context and "&lt;b&gt;R&amp;D&lt;/b&gt;" in context
    assert "<script>x" not in condition and "&lt;/textarea&gt;&lt;script&gt;x" in condition


def test_every_post_needs_the_csrf_token(token: str, model: CapabilityModel) -> None:
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(f"/r/{token}/").status_code == 403
    assert not Response.objects.exists()
    html = html_of(browser.get(f"/r/{token}/"))
    assert "hx-headers='{&quot;X-CSRFToken&quot;" in html or 'hx-headers=\'{"X-CSRFToken"' in html
