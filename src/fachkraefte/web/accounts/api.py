"""API token endpoint with the same login throttling as the sign-in form.

Wired at ``/api/token/`` in ``fachkraefte.web.api.urls`` in place of DRF's ``obtain_auth_token``.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from fachkraefte.web.accounts.throttling import (
    client_ip,
    locked_message,
    login_delay_remaining,
    login_failure_record,
    login_success_record,
    retry_after,
)


class ThrottledObtainAuthToken(ObtainAuthToken):
    """POST username and password, get ``{"token": ...}``; 429 with Retry-After while locked."""

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Benutzername oder Passwort falsch."),
            429: OpenApiResponse(
                description="Zu viele fehlgeschlagene Versuche; Kopfzeile Retry-After in Sekunden."
            ),
        },
        tags=["token"],
    )
    def post(self, request, *args, **kwargs):
        username = str(request.data.get("username", ""))
        ip = client_ip(request)
        remaining = login_delay_remaining(username=username, ip=ip)
        if remaining:
            return Response(
                {"detail": locked_message(remaining)},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": retry_after(remaining)},
            )
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if username:
                login_failure_record(username=username, ip=ip)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        login_success_record(username=user.get_username(), ip=ip)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


throttled_obtain_auth_token = ThrottledObtainAuthToken.as_view()
