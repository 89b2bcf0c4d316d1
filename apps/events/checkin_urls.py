"""Door check-in, outside the admin list: /<lang>/checkin/ and /<lang>/checkin/<slug>/."""

from django.urls import path

from . import checkin

app_name = "checkin"

urlpatterns = [
    path("", checkin.index, name="index"),
    path("<slug:slug>/", checkin.event, name="event"),
]
