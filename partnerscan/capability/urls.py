from django.urls import path

from partnerscan.capability import views

urlpatterns = [
    path("", views.home, name="home"),
    path("model/", views.model_browser, name="model"),
    path("model/<str:ref>/", views.model_browser, name="model-version"),
]
