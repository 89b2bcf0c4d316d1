"""Placeholder wired by the lead; the admin/check-in helper replaces this file."""

app_name = "checkin"

urlpatterns: list = []
