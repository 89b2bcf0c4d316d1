"""GET /api/v1/open-data/: the public open data of one period, for anyone (open_data.py).

The same JSON as the page's download: records with small groups suppressed, the data
dictionary, the period, when the summaries were computed, and the licence.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.errors import ErrorSerializer, error_responses

from .open_data import NoOpenData, open_data, published_periods
from .periods import period_from_key


# Serializers document the response in the OpenAPI schema; the view returns open_data()'s
# dict as it is, so the API and the JSON download cannot drift apart.
class OpenDataPeriodSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='A calendar quarter, e.g. "2026-Q3".')
    kind = serializers.CharField(help_text='Always "quarter": open data is published per '
                                           "calendar quarter, once it is over.")
    label = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField(help_text="Included.")


class OpenDataSourceSerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField(help_text="When the summaries were computed.")


class OpenDataSuppressionSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(help_text="Groups smaller than this are hidden.")
    rule = serializers.CharField()


class OpenDataRecordSerializer(serializers.Serializer):
    scope = serializers.CharField(help_text="all, or a diplomacy axis: tech, culture, green, "
                                            "inclusion.")
    field = serializers.CharField(help_text="See the dictionary.")
    group = serializers.CharField(help_text="The group within a breakdown; empty otherwise.")
    value = serializers.FloatField(allow_null=True,
                                   help_text="null when suppressed or not available.")
    suppressed = serializers.BooleanField()
    note = serializers.CharField(
        allow_blank=True,
        help_text='"" (published), "small" (a group of 1 to 4, or a share or mean computed '
                  'from fewer than 5), "complementary" (hidden so that a small group cannot '
                  'be worked out from the total), "not_enough_data" (trust index below its '
                  'minimum sample) or "not_available" (cannot be computed yet).')


class OpenDataDictionaryEntrySerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    meaning = serializers.CharField()
    unit = serializers.CharField()
    unit_label = serializers.CharField()
    groups = serializers.CharField(allow_blank=True)
    scopes = serializers.ListField(child=serializers.CharField())
    suppression = serializers.CharField()


class OpenDataSerializer(serializers.Serializer):
    period = OpenDataPeriodSerializer()
    generated_from = OpenDataSourceSerializer()
    licence = serializers.CharField()
    terms = serializers.CharField()
    suppression = OpenDataSuppressionSerializer()
    records = OpenDataRecordSerializer(many=True)
    dictionary = OpenDataDictionaryEntrySerializer(many=True)


class OpenDataView(APIView):
    """Public, aggregated and anonymised participation figures of one calendar quarter, once
    it is over: every group of fewer than 5 people is suppressed. Labels follow
    Accept-Language."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="open_data_retrieve",
        parameters=[OpenApiParameter(
            "period", OpenApiTypes.STR,
            description='A calendar quarter that has ended, e.g. "2026-Q3"; default: the '
                        "newest one with figures.")],
        responses={200: OpenDataSerializer, **error_responses(),
                   404: OpenApiResponse(
                       ErrorSerializer,
                       description="Unknown period, not a quarter that has ended, or no "
                                   "figures for it.")},
    )
    def get(self, request):
        key = request.query_params.get("period", "")
        if key:
            period = period_from_key(key)
        else:
            published = published_periods()
            period = published[0] if published else None
        if period is None:
            raise NotFound()
        try:
            return Response(open_data(period=period))
        except NoOpenData as error:
            raise NotFound() from error
