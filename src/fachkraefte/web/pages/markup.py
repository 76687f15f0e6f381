"""The small text format of the public pages, rendered to safe HTML.

Editors write plain text, not HTML: nothing they type can inject markup or scripts.
Blocks are separated by a blank line; a block whose lines start with "- " is a list, a line
starting with "## " a subheading; web and e-mail addresses become links.
"""

from __future__ import annotations

from django.utils.html import escape, urlize
from django.utils.safestring import SafeString, mark_safe


def _inline(text: str) -> str:
    # urlize escapes the text itself (autoescape) and adds rel="nofollow" to the links
    return urlize(text, autoescape=True).replace('<a href="', '<a class="kern-link" href="')


def _block(lines: list[str]) -> list[str]:
    """HTML of one block: runs of "- " lines become a list, "## " lines subheadings."""
    html: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    for line in [*lines, ""]:  # the empty sentinel closes the last run
        kind = "h2" if line.startswith("## ") else "li" if line.startswith("- ") else "p"
        if paragraph and (kind != "p" or not line):
            html.append(f'<p class="kern-body">{"<br>".join(paragraph)}</p>')
            paragraph = []
        if items and kind != "li":
            html.append(f'<ul class="kern-list">{"".join(items)}</ul>')
            items = []
        if not line:
            continue
        if kind == "h2":
            html.append(f'<h2 class="kern-heading-medium">{escape(line[3:].strip())}</h2>')
        elif kind == "li":
            items.append(f"<li>{_inline(line[2:].strip())}</li>")
        else:
            paragraph.append(_inline(line.strip()))
    return html


def render(text: str) -> SafeString:
    """The page text as HTML.

    >>> str(render("## Kontakt\\n\\nPost an a@b.de"))
    '<h2 class="kern-heading-medium">Kontakt</h2>\\n<p class="kern-body">Post an <a class="kern-link" href="mailto:a@b.de">a@b.de</a></p>'
    """
    parts: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        parts += _block([line.rstrip() for line in block.split("\n") if line.strip()])
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece above is escaped


def placeholders(text: str) -> int:
    """How many operator fields are still to fill in ("[Bitte ergänzen: …]")."""
    return text.count("[Bitte ergänzen")
