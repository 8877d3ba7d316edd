"""Pages: filled in with the feature."""

urlpatterns: list = []
