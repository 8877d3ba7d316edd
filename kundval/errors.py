"""Error answers given outside DRF's views (the NUL refusal, handler400 and
handler404): JSON shaped as DRF's under /api/, where a client reads them,
else the page. Imports nothing of DRF, so middleware may use it."""

from django.http import JsonResponse


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def json_error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)
