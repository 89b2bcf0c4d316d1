# Korean writes the meridiem before the time ("오전 9:30"); Django's default puts it after.
# https://docs.djangoproject.com/en/5.2/topics/i18n/formatting/#creating-custom-format-files
DATETIME_FORMAT = "Y년 n월 j일 A g:i"
TIME_FORMAT = "A g:i"
SHORT_DATETIME_FORMAT = "Y-m-d A g:i"
