from __future__ import annotations

from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.errors import error_responses

from .models import User


class MeSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["email", "name", "preferred_language", "resident_type", "country"]
        read_only_fields = ["email"]


class MeView(APIView):
    """The signed-in person's profile."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MeSerializer

    @extend_schema(responses={200: MeSerializer, **error_responses()})
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer,
                   responses={200: MeSerializer, **error_responses(400, 415)})
    def patch(self, request):
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


TokenSerializer = inline_serializer("Token", fields={"token": serializers.CharField()})


class TokenView(APIView):
    """An API token for the signed-in person (who may have no password: they log in by code).

    POST returns the existing token or creates one; DELETE revokes it.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: TokenSerializer, 201: TokenSerializer,
                                            **error_responses()})
    def post(self, request):
        token, created = Token.objects.get_or_create(user=request.user)
        return Response(
            {"token": token.key}, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(request=None, responses={204: None, **error_responses()})
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
