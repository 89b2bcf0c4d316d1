"""What the apps' admin classes share (apps/core registers no models of its own)."""

from django.db import models

# Links typed without a scheme are read as https, as Django 6 will do: every site an
# organizer links to (maps, partners' pages, signed agreements) is served over https.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
