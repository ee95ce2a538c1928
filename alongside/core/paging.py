"""Long lists a page at a time, with the page numbers worth linking to."""

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator


class NearbyPage(Page):
    @cached_property
    def nearby(self) -> list[int | str]:
        """The page numbers for core/pagination.html: the first and last, two either side of
        this one, and Paginator.ELLIPSIS for the gaps."""
        return list(self.paginator.get_elided_page_range(self.number, on_each_side=2, on_ends=1))


class NearbyPaginator(Paginator):
    def _get_page(self, *args: Any, **kwargs: Any) -> NearbyPage:
        return NearbyPage(*args, **kwargs)


def paginate(items: Any, number: Any, per_page: int) -> Page:
    """The page `number` (whatever came in ?page=) of `items`. Anything that is not a page
    number gives the first page and a number past the end the last, never an error.
    The page's `nearby` holds the page numbers worth linking to (NearbyPage)."""
    return NearbyPaginator(items, per_page).get_page(number)
