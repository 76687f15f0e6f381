"""Reports in the API: text, schedule, state, review note and attachments (as download links)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fachkraefte.web.reporting.models import Report, ReportAttachment


class ReportAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportAttachment
        fields = ["id", "title", "size", "sha256", "uploaded_at", "url"]

    def get_url(self, attachment: ReportAttachment) -> str:
        return reverse("reporting:attachment", args=[attachment.report_id, attachment.pk])


class ReportSerializer(serializers.ModelSerializer):
    attachments = ReportAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "project",
            "kind",
            "period_from",
            "period_to",
            "due_on",
            "status",
            "text",
            "review_note",
            "submitted_at",
            "reviewed_at",
            "attachments",
        ]
        read_only_fields = fields


class ReportTextSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=50_000)


class ReportSubmitSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False, max_length=50_000, help_text=_("leer: wie gespeichert")
    )


class ReportReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField(help_text=_("true: annehmen; false: Änderungen erbitten"))
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
