"""Page links under a long list (templates/partials/paginering.html; the admin's household picker draws its
own as buttons): the same numbers everywhere."""

from django.core.paginator import Page


def sidetall(side: Page) -> list:
    """The page numbers shown: the first, the last and two either side of the current one, «…» between."""
    return list(side.paginator.get_elided_page_range(side.number, on_each_side=2, on_ends=1))
