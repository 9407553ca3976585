from django.http import FileResponse

from .selectors import access_dokument


def dokument_last_ned(request, pk: int):
    dokument = access_dokument(request.user, pk)
    return FileResponse(
        dokument.fil.open("rb"),
        as_attachment=True,
        filename=dokument.fil.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
