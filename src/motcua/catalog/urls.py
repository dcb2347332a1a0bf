from django.urls import path

from . import views

urlpatterns = [
    path("thu-tuc/", views.public_list, name="catalog-public-list"),
]
