"""Documents are served only here, to the provider and the quality unit
whose scope they are in; everyone else gets 404."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404

from authorization.models import Document
from kundval.access import require_roles
from kundval.models import Role
from kundval.scoping import visible


@require_roles(Role.PROVIDER_USER, Role.QUALITY_OFFICER)
def document_download(request, pk: int):
    documents = visible(
        Document.objects.all(), request.user, Role.PROVIDER_USER, Role.QUALITY_OFFICER
    )
    document = get_object_or_404(documents, pk=pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
