"""Users, organisations (the tenant) and memberships with roles."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=[("nl", "Nederlands"), ("en", "English")], default="nl"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.name or self.email


class Organisation(models.Model):
    class Size(models.TextChoices):
        SMALL = "small", _("fewer than 50 people")
        MEDIUM = "medium", _("50 to 250 people")
        LARGE = "large", _("250 to 1,000 people")
        XLARGE = "xlarge", _("more than 1,000 people")

    class Sector(models.TextChoices):
        """A fixed list, so peers of "the same sector" do not depend on spelling. The ids are
        stored and pooled; never rename one, add a new one instead. Labels carry the context
        "sector", as a word such as "Culture" names a condition of the model too."""

        CENTRAL_GOVERNMENT = "central-government", pgettext_lazy("sector", "Central government")
        MUNICIPALITY = "municipality", pgettext_lazy("sector", "Municipality")
        PROVINCE = "province", pgettext_lazy("sector", "Province")
        WATER_AUTHORITY = "water-authority", pgettext_lazy("sector", "Water authority")
        HEALTHCARE = "healthcare", pgettext_lazy("sector", "Healthcare")
        EDUCATION = "education", pgettext_lazy("sector", "Education")
        HOUSING = "housing", pgettext_lazy("sector", "Housing")
        CULTURE = "culture", pgettext_lazy("sector", "Culture")
        KNOWLEDGE_INSTITUTION = (
            "knowledge-institution",
            pgettext_lazy("sector", "Knowledge institution"),
        )
        BUSINESS_SERVICES = "business-services", pgettext_lazy("sector", "Business services")
        INDUSTRY = "industry", pgettext_lazy("sector", "Industry")
        NON_PROFIT = "non-profit", pgettext_lazy("sector", "Non-profit or NGO")
        OTHER = "other", pgettext_lazy("sector", "Other")

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100, choices=Sector.choices, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    departments = models.JSONField(_("departments"), default=list, blank=True)
    # Only with this permission does pooled research data carry the organisation's name.
    pool_named = models.BooleanField(
        _("researchers may see our name in pooled data"), default=False
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def members(self) -> models.QuerySet[Membership]:
        """The members with their accounts, by e-mail address: the organisation page and the
        API list them alike."""
        return self.memberships.select_related("user").order_by("user__email")


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        EDITOR = "editor", _("editor")
        VIEWER = "viewer", _("viewer")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    @property
    def can_edit(self) -> bool:
        return self.role in (self.Role.OWNER, self.Role.EDITOR)

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class MemberInvitationQuerySet(models.QuerySet["MemberInvitation"]):
    def pending(self) -> MemberInvitationQuerySet:
        """Not yet accepted; expired ones included (the owner can send them again)."""
        return self.filter(used_at__isnull=True)

    def valid(self) -> MemberInvitationQuerySet:
        return self.pending().filter(expires__gt=timezone.now())


class MemberInvitation(models.Model):
    """An offer of membership, open until the invitee accepts it.

    No Membership row exists before acceptance, so every access helper ignores a pending
    invitation without knowing about it. The link's token is stored only as a hash.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="member_invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(max_length=10, choices=Membership.Role.choices)
    language = models.CharField(
        max_length=2, choices=[("nl", "Nederlands"), ("en", "English")], default="nl"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # SET_NULL: the invitation stays valid when the owner who sent it leaves.
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MemberInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(used_at__isnull=True),
                name="one_pending_member_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.role})"

    @property
    def is_expired(self) -> bool:
        return self.expires <= timezone.now()
