"""Feedback over /api/v1/feedback/ (DRF). Thin: the write is `feedback_submit`.

- POST /api/v1/feedback/: anyone, anonymous included; rate-limited per IP and per account
  (the same limits as the form) on top of the API's own throttles.
- GET /api/v1/feedback/ and /api/v1/feedback/{id}/: the caller's own feedback.
- GET /api/v1/feedback/public/: approved public feedback, filtered by event, axis, language.
"""

from __future__ import annotations

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api.errors import error_responses
from apps.events.models import Event

from . import exceptions as exc
from . import selectors, services
from .languages import DETECTABLE_LANGUAGES
from .models import BODY_MAX_LENGTH, Feedback, FeedbackAxis, Reply
from .ratelimits import feedback_rate_limited


class ReplySerializer(serializers.ModelSerializer):
    class Meta:
        model = Reply
        fields = ["body", "created_at"]


class PublicFeedbackSerializer(serializers.ModelSerializer):
    # Declared for the schema: feedback about no event has none, and "" is the axis until
    # the analysis has assigned one.
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    axis = serializers.ChoiceField(choices=FeedbackAxis.choices, allow_blank=True,
                                   read_only=True)
    replies = ReplySerializer(many=True, read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "event", "body", "language", "axis", "created_at", "replies"]
        read_only_fields = fields


class FeedbackSerializer(PublicFeedbackSerializer):
    """The author's view: also the status and whether it is shown publicly."""

    shown_publicly = serializers.SerializerMethodField()

    class Meta(PublicFeedbackSerializer.Meta):
        fields = [*PublicFeedbackSerializer.Meta.fields, "status", "public", "shown_publicly"]
        read_only_fields = fields

    def get_shown_publicly(self, feedback: Feedback) -> bool:
        return bool(feedback.public and feedback.approved_at
                    and feedback.status != Feedback.Status.HIDDEN)


class FeedbackCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=BODY_MAX_LENGTH, trim_whitespace=True)
    event = serializers.SlugRelatedField(
        slug_field="slug", required=False, allow_null=True,
        queryset=Event.objects.exclude(status=Event.Status.DRAFT),
    )
    email = serializers.EmailField(required=False, allow_blank=True, default="",
                                   help_text="For an answer when not logged in.")
    public = serializers.BooleanField(required=False, default=False)
    privacy_consent = serializers.BooleanField()


PUBLIC_FILTERS = [
    OpenApiParameter("event", OpenApiTypes.STR, description="Event slug."),
    OpenApiParameter("axis", OpenApiTypes.STR, enum=FeedbackAxis.values),
    OpenApiParameter("language", OpenApiTypes.STR, enum=list(DETECTABLE_LANGUAGES)),
]


@extend_schema_view(
    list=extend_schema(responses={200: FeedbackSerializer(many=True), **error_responses(404)}),
    retrieve=extend_schema(responses={200: FeedbackSerializer, **error_responses(404)}),
)
class FeedbackViewSet(mixins.CreateModelMixin, mixins.ListModelMixin,
                      mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = FeedbackSerializer

    def get_permissions(self):
        if self.action in ("create", "public"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Feedback.objects.none()
        return selectors.feedback_list_for_author(user=self.request.user)

    @extend_schema(
        request=FeedbackCreateSerializer,
        responses={201: FeedbackSerializer, **error_responses(400, 415)},
        description="Sends feedback in any language; anonymous allowed. Answers 429 when "
        "the sender has sent too much in a short time.",
    )
    def create(self, request, *args, **kwargs):
        if feedback_rate_limited(request):
            raise exc.TooManySubmissions()
        payload = FeedbackCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        feedback = services.feedback_submit(
            body=data["body"], user=request.user, event=data.get("event"),
            email=data["email"], public=data["public"], consent=data["privacy_consent"],
            ui_language=get_language(),
        )
        return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=PUBLIC_FILTERS,
                   responses={200: PublicFeedbackSerializer(many=True), **error_responses(404)})
    @action(detail=False, methods=["get"], serializer_class=PublicFeedbackSerializer)
    def public(self, request):
        params = request.query_params
        filters = {
            "event": params.get("event", "")[:80],
            "axis": params.get("axis", "") if params.get("axis") in FeedbackAxis.values else "",
            "language": params.get("language", "")[:10],
        }
        page = self.paginate_queryset(selectors.feedback_list_public(filters=filters))
        return self.get_paginated_response(PublicFeedbackSerializer(page, many=True).data)
