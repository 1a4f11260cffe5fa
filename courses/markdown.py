"""Markdown → sanitised HTML for lessons (markdown-it-py renders, nh3 cleans)."""

from functools import cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "img", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}


@cache
def _renderer() -> MarkdownIt:
    # Raw HTML in the source is shown as text, never passed through.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_markdown(text: str) -> str:
    """Render lesson Markdown to HTML that is safe to show (no scripts, handlers or javascript: links)."""
    html = _renderer().render(text or "")
    # Lesson images load lazily so a phone on a slow link gets the text first.
    html = html.replace("<img ", '<img loading="lazy" ')
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={**ALLOWED_ATTRIBUTES, "img": ALLOWED_ATTRIBUTES["img"] | {"loading"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )
