"""Events, registrations and check-in over /api/v1/ (DRF). Thin: every write is a service."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.authentication import OneQueryTokenAuthentication
from apps.core.api.errors import error_responses

from . import selectors, services
from .models import AgendaItem, Event, Registration

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["starts_at", "ends_at", "title", "speaker"]


class EventSerializer(serializers.ModelSerializer):
    seats_left = serializers.SerializerMethodField(
        help_text="Seats still free; null when the event has no capacity limit."
    )
    registration_open = serializers.SerializerMethodField()
    interpretation_languages = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Event
        fields = [
            "slug", "title", "summary", "axis", "format", "status", "starts_at", "ends_at",
            "venue_name", "venue_address", "map_url", "capacity", "seats_left",
            "waitlist_enabled", "registration_open", "registration_opens_at",
            "registration_closes_at", "interpretation_languages",
        ]

    def get_seats_left(self, event: Event) -> int | None:
        return selectors.seats_left(event)

    def get_registration_open(self, event: Event) -> bool:
        return event.is_open_for_registration()


class EventDetailSerializer(EventSerializer):
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description", "online_url",
                  "cancellation_reason", "agenda"]


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    waitlist_position = serializers.SerializerMethodField()
    # Declared for the schema: "" (none asked for) is a value too.
    interpretation_language = serializers.ChoiceField(
        choices=settings.LANGUAGES, allow_blank=True, read_only=True
    )

    class Meta:
        model = Registration
        fields = ["id", "event", "status", "waitlist_position", "ticket_code", "language",
                  "interpretation_language", "accessibility_needs", "answers", "created_at",
                  "checked_in_at", "cancelled_at"]
        read_only_fields = fields

    def get_waitlist_position(self, registration: Registration) -> int | None:
        return selectors.waitlist_position(registration=registration)


_DATETIME = serializers.DateTimeField()


def registration_payload(registration: Registration, *, event_slug: str) -> dict[str, Any]:
    """RegistrationSerializer's output, without DRF's per-field machinery: half a millisecond
    of CPU on the path that has to be cheap (docs/performance.md). A test compares the two
    (tests/events/test_seat_counter.py). A registration just written on the one-statement
    path brings its place in the queue; others are counted."""
    position = getattr(registration, "waitlist_position_when_created", None)
    return {
        "id": registration.pk,
        "event": event_slug,
        "status": registration.status,
        "waitlist_position": position or selectors.waitlist_position(registration=registration),
        "ticket_code": registration.ticket_code,
        "language": registration.language,
        "interpretation_language": registration.interpretation_language,
        "accessibility_needs": registration.accessibility_needs,
        "answers": registration.answers,
        **{name: None if getattr(registration, name) is None
           else _DATETIME.to_representation(getattr(registration, name))
           for name in ("created_at", "checked_in_at", "cancelled_at")},
    }


class RegistrationCreateSerializer(serializers.Serializer):
    privacy_consent = serializers.BooleanField()
    answers = serializers.DictField(required=False, default=dict)
    # Codes only: DRF deep-copies every field for every request, and the languages' lazy
    # names were most of that copy's cost on the registration path.
    interpretation_language = serializers.ChoiceField(
        choices=LANGUAGE_CODES, required=False, allow_blank=True, default=""
    )
    accessibility_needs = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )


class CheckinSerializer(serializers.Serializer):
    ticket_code = serializers.CharField(max_length=32)


EVENT_FILTERS = [
    OpenApiParameter("axis", OpenApiTypes.STR, enum=["tech", "culture", "green", "inclusion"]),
    OpenApiParameter("format", OpenApiTypes.STR, enum=["in_person", "online", "hybrid"]),
    OpenApiParameter("interpretation", OpenApiTypes.STR, enum=LANGUAGE_CODES),
    OpenApiParameter("has_seats", OpenApiTypes.BOOL),
    OpenApiParameter("q", OpenApiTypes.STR, description="Search in every language."),
]


@extend_schema_view(
    retrieve=extend_schema(responses={200: EventDetailSerializer, **error_responses(404)}),
)
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published events, localized by the Accept-Language header."""

    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        if self.action == "list":
            params = self.request.query_params
            return selectors.event_list(filters=selectors.EventFilters(
                query=params.get("q", "")[:100],
                axis=params.get("axis", ""),
                format=params.get("format", ""),
                interpretation=params.get("interpretation", ""),
                has_seats=params.get("has_seats", "").lower() in ("1", "true", "yes"),
            ))
        if self.action == "register":
            # Registering needs the event and its questions, not the seat count and agenda.
            return selectors.event_queryset_for_registration()
        return selectors.event_queryset_detail()

    def get_serializer_class(self):
        return EventSerializer if self.action == "list" else EventDetailSerializer

    @extend_schema(parameters=EVENT_FILTERS,
                   responses={200: EventSerializer(many=True), **error_responses(404)})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=RegistrationCreateSerializer,
        responses={201: RegistrationSerializer, 200: RegistrationSerializer,
                   **error_responses(400, 404, 409, 415)},
        description="Registers the caller: confirmed, or on the waiting list when full. "
        "Repeating the call returns the same registration with 200. Closed, cancelled or "
        "full events without a waiting list answer 409.",
    )
    @action(detail=True, methods=["post"], url_path="registrations",
            permission_classes=[permissions.IsAuthenticated],
            authentication_classes=[OneQueryTokenAuthentication, SessionAuthentication],
            serializer_class=RegistrationCreateSerializer)
    def register(self, request, slug=None):
        # Not get_object(): the detail queryset counts seats and loads the agenda, and every
        # registration for an event queues behind the others (docs/performance.md).
        event = selectors.event_for_registration(slug=slug)
        self.check_object_permissions(request, event)
        payload = RegistrationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        registration, created = services.registration_create(
            event=event, user=request.user, **payload.validated_data
        )
        return Response(
            registration_payload(registration, event_slug=event.slug),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema_view(
    list=extend_schema(responses={200: RegistrationSerializer(many=True),
                                  **error_responses(404)}),
    retrieve=extend_schema(responses={200: RegistrationSerializer, **error_responses(404)}),
)
class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The caller's own registrations. DELETE cancels (the row stays, as `cancelled`)."""

    serializer_class = RegistrationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Registration.objects.none()
        return selectors.registration_list_for_user(user=self.request.user)

    @extend_schema(responses={204: None, **error_responses(404, 409)})
    def destroy(self, request, *args, **kwargs):
        registration = self.get_object()
        services.registration_cancel(registration=registration)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IsStaff(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class CheckinView(APIView):
    """Checks a ticket in at the door. Organizers of the ticket's event only: for anyone
    else the ticket does not exist (404), so codes cannot be probed."""

    permission_classes = [IsStaff]

    @extend_schema(request=CheckinSerializer,
                   responses={200: RegistrationSerializer,
                              **error_responses(400, 404, 409, 415)})
    def post(self, request):
        payload = CheckinSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        registration = services.registration_check_in(
            ticket_code=payload.validated_data["ticket_code"], by=request.user
        )
        return Response(RegistrationSerializer(registration).data)
