"""Accounts: the link with which a user chooses a password (invitation,
registration, a forgotten password), and the password-reset mail.

All of them go through the one mail path (kundval.mail), and none of the
pages that start them says whether an account exists (docs/sign-in.md).
"""

from datetime import timedelta
from uuid import uuid4

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kundval.mail import mail_flooded, mail_queue

# Reset mails to one account, at most this many an hour; the page answers
# the same when it sends none, so it says nothing about the account.
RESETS_AN_HOUR = 3


def password_set_link(user) -> str:
    """An absolute link to choose a password. It works until the password is
    set (the token covers the password hash) or PASSWORD_RESET_TIMEOUT passes."""
    token = default_token_generator.make_token(user)
    path = reverse(
        "password-set",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token},
    )
    return settings.SITE_URL + path


def account_with_address(email: str):
    """The account whose user name or address is `email`, or None: where a
    registration or an invitation for that address goes instead."""
    users = get_user_model().objects
    return (
        users.filter(username__iexact=email).first()
        or users.filter(email__iexact=email).order_by("pk").first()
    )


def password_reset_mail(*, user) -> None:
    """Mail `user` a link to choose a new password, unless RESETS_AN_HOUR
    have gone to them within the hour."""
    prefix = f"password-reset:{user.pk}:"
    if mail_flooded(prefix, most=RESETS_AN_HOUR, within=timedelta(hours=1)):
        return
    mail_queue(
        # Each request its own message; the key is kept, so never the token.
        key=f"{prefix}{uuid4().hex}",
        template="registration/password_reset_email.txt",
        context={"user": user, "link": password_set_link(user)},
        recipients=[user.email],
    )
