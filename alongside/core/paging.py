"""Long lists a page at a time, with the page numbers worth linking to."""

from django.core.paginator import Page, Paginator


def paginate(items, number, per_page: int) -> Page:
    """The page `number` (whatever came in ?page=) of `items`. Anything that is not a page
    number gives the first page and a number past the end the last, never an error.
    `page.nearby` holds the page numbers for core/pagination.html: the first and last, two
    either side of this one, and Paginator.ELLIPSIS for the gaps."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(number)
    page.nearby = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page
