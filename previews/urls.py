from django.urls import path

from .views import shared_preview

urlpatterns = [path("<str:token>/", shared_preview, name="preview_link")]
