"""The invitation to become a member: one mail, sent while the owner waits for the page."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partnerscan.accounts.models import MemberInvitation
from partnerscan.core.languages import supported
from partnerscan.core.mail import header_text


def join_link(token: str) -> str:
    # SITE_URL, like the respondents' links: the request's host may be an internal name.
    return f"{settings.SITE_URL}{reverse('member-join', args=[token])}"


def member_invitation_mail(invitation: MemberInvitation, token: str) -> tuple[str, str]:
    """Subject and body in the invitation's language (one template per language)."""
    language = supported(invitation.language)
    with translation.override(language):  # the role's name and the month in the body
        text = render_to_string(
            f"manage/email/member_invitation_{language}.txt",
            {
                "organisation_name": header_text(invitation.organisation.name),
                "inviter": header_text(str(invitation.invited_by or "")),
                "role": invitation.get_role_display(),
                "link": join_link(token),
                "expires": invitation.expires,
            },
        )
    subject, _newline, body = text.partition("\n")
    return header_text(subject), body.lstrip("\n")


def send_member_invitation(invitation: MemberInvitation, token: str) -> str:
    """'' when the mail went out, else why not (the owner can send it again)."""
    try:
        send_mail(*member_invitation_mail(invitation, token), None, [invitation.email])
    except Exception as exc:  # noqa: BLE001 - any SMTP or address error is this mail's failure
        return f"{type(exc).__name__}: {exc}"
    return ""
