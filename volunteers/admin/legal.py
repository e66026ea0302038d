"""The texts people agree to and the privacy page: the centre's lead edits a draft and publishes it; every
coordinator may read them. A published version is never changed (``models/legal.py``): its page is read-only and
offers to edit a new version instead."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from volunteers import permissions
from volunteers.admin.base import CoordinatorAdmin
from volunteers.enums import InterfaceLanguage
from volunteers.models import LegalText, LegalTextTranslation
from volunteers.services import LegalTextError, legal_text_draft, legal_text_publish


def _editable(request, text: LegalText | None) -> bool:
    """Only the lead changes a text, and only while it is a draft."""
    return permissions.is_centre_lead(request.user) and (text is None or not text.is_published)


class LegalTextTranslationInline(admin.StackedInline):
    model = LegalTextTranslation
    fields = ["language", "body"]
    max_num = len(InterfaceLanguage)

    def get_extra(self, request, obj=None, **kwargs):
        """A form for each language the draft lacks."""
        if obj is None or not _editable(request, obj):
            return 0
        return len(InterfaceLanguage) - obj.translations.count()

    def has_view_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return obj is not None and _editable(request, obj)

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(LegalText)
class LegalTextAdmin(CoordinatorAdmin):
    list_display = ["kind", "version", "status", "language_list", "published_at", "published_by"]
    list_filter = ["kind"]
    fields = ["kind", "version", "note", "created_at", "created_by", "published_at", "published_by"]
    inlines = [LegalTextTranslationInline]
    actions = None  # deleting in bulk would pass over the rule that only drafts are deleted

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("published_by").prefetch_related("translations")

    def get_readonly_fields(self, request, obj=None):
        if _editable(request, obj):
            return ["kind", "created_at", "created_by", "published_at", "published_by"]
        return self.fields

    def is_theirs(self, user, obj) -> bool:
        return True  # every coordinator may read them

    def has_change_permission(self, request, obj=None):
        return _editable(request, obj)

    def has_add_permission(self, request):
        return False  # a new version begins as a copy of the current one ("Edit a new version")

    def has_delete_permission(self, request, obj=None):
        return obj is not None and _editable(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        text = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if text is not None and text.is_published and permissions.is_centre_lead(request.user):
            extra_context["new_version_url"] = reverse("admin:volunteers_legaltext_new_version", args=[text.pk])
        extra_context["can_publish"] = text is not None and _editable(request, text)
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        """The "Save and publish" button: the draft as just saved becomes the current text."""
        if "_publish" not in request.POST:
            return super().response_change(request, obj)
        try:
            legal_text_publish(text=obj, by=request.user)
        except LegalTextError as error:
            self.message_user(request, str(error), level=messages.ERROR)
            return redirect("admin:volunteers_legaltext_change", obj.pk)
        self.message_user(request, _("%(text)s is published: the forms show it from now on.") % {"text": obj})
        return redirect("admin:volunteers_legaltext_changelist")

    def get_urls(self):
        return [
            path(
                "<int:object_id>/new-version/",
                self.admin_site.admin_view(require_POST(self.new_version_view)),
                name="volunteers_legaltext_new_version",
            ),
            *super().get_urls(),
        ]

    def new_version_view(self, request, object_id: int):
        """The draft of the text's kind to edit: the one begun earlier, or a copy of the current version."""
        if not permissions.is_centre_lead(request.user):
            raise PermissionDenied
        text = get_object_or_404(LegalText, pk=object_id)
        draft = legal_text_draft(kind=text.kind, by=request.user)
        return redirect("admin:volunteers_legaltext_change", draft.pk)

    @admin.display(description=_("status"))
    def status(self, obj):
        return _("published") if obj.is_published else _("draft")

    @admin.display(description=_("languages"))
    def language_list(self, obj):
        return ", ".join(row.language for row in obj.translations.all() if row.body)
