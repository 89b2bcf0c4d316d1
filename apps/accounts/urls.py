from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.my_data_download, name="my_data"),
    path("profile/delete/", views.account_delete, name="delete"),
]
