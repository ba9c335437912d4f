from django.urls import path
from rest_framework.routers import SimpleRouter

from catalog.api import views

router = SimpleRouter()
scoped = r"projects/(?P<project_id>\d+)/catalog"
router.register(rf"{scoped}/tables", views.CatalogTableViewSet, basename="catalog-table")

urlpatterns = [
    path(
        "projects/<int:project_id>/catalog/sources/",
        views.CatalogSourcesView.as_view(),
        name="catalog-sources",
    ),
    path(
        "projects/<int:project_id>/catalog/refresh/",
        views.CatalogRefreshView.as_view(),
        name="catalog-refresh",
    ),
    *router.urls,
]
