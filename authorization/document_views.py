"""Documents are served only here, to the provider and the quality unit
whose scope they are in; everyone else gets 404."""

from django.http import FileResponse

from authorization.selectors import document_for_download
from kundval.access import require_roles
from kundval.models import Role


@require_roles(Role.PROVIDER_USER, Role.QUALITY_OFFICER)
def document_download(request, pk: int):
    document = document_for_download(user=request.user, pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
