from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from workbench import health, login_guard, spa
from workbench.api import auth, system, users

accounts = SimpleRouter()
accounts.register(r"users", users.UserViewSet, basename="user")

api_v1 = [
    path("auth/csrf/", auth.CsrfView.as_view(), name="auth-csrf"),
    path("auth/login/", auth.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", auth.LogoutView.as_view(), name="auth-logout"),
    path("auth/token/", auth.TokenView.as_view(), name="auth-token"),
    path("auth/token/revoke/", auth.TokenRevokeView.as_view(), name="auth-token-revoke"),
    path("auth/tokens/", auth.TokenListView.as_view(), name="auth-tokens"),
    path("auth/tokens/<int:pk>/", auth.TokenDetailView.as_view(), name="auth-token-detail"),
    path("me", auth.MeView.as_view(), name="me"),
    path("system/", system.SystemView.as_view(), name="system"),
    *accounts.urls,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script from a URL rather than inline (Content-Security-Policy).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("", include("projects.api.urls")),
    path("", include("scheduler.api.urls")),
    path("", include("quality.api.urls")),
    path("", include("alerts.api.urls")),
    path("", include("catalog.api.urls")),
]

handler404 = "workbench.api.errors.not_found"
handler500 = "workbench.api.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/login/", login_guard.admin_login(admin.site.login), name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    # Everything else that is not an API, static file or websocket path is a route of the SPA.
    re_path(r"^(?!api/|static/|ws/|admin/)(?P<path>.*)$", spa.index, name="spa"),
]
