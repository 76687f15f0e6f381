"""The pack as HTML and as an accessible PDF (tagged, PDF/UA-1, document language German).

The PDF is set by Typst; every text reaches Typst as data (``sys.inputs``), never as markup.
Charts are placed as SVG images with their text alternative (``alt``) and the same text as a
paragraph under them, for readers of the printout.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
from typing import Any

TEMPLATE = """
#let d = json(bytes(sys.inputs.data))
#set document(title: d.title, author: d.author)
#set text(lang: d.lang, font: "Libertinus Serif", size: 10.5pt)
#set page(paper: "a4", margin: 2cm, footer: context align(right, text(size: 8pt, d.footer)))
#set table(stroke: 0.4pt + luma(170), inset: 4pt)
#show table: set text(size: 9pt)
#heading(level: 1, d.title)
#par(emph(d.subtitle))
#for section in d.sections {
  heading(level: 2, section.heading)
  for block in section.blocks {
    if block.kind == "p" {
      par(block.text)
    } else if block.kind == "list" {
      list(..block.items)
    } else if block.kind == "figure" {
      figure(
        image(bytes(block.svg), format: "svg", alt: block.alt, width: 100%),
        caption: block.title,
      )
      par(text(size: 9pt, block.alt))
    } else if block.kind == "table" {
      figure(
        table(
          columns: block.header.len(),
          align: (col, row) => if block.numeric.contains(col) { right } else { left },
          table.header(..block.header.map(h => strong(h))),
          ..block.rows.flatten(),
        ),
        caption: figure.caption(position: top, block.caption),
        kind: table,
      )
    }
  }
}
"""


def pdf_bytes(doc: dict[str, Any]) -> bytes:
    """The document as PDF/UA-1 bytes (tagged, ``/Lang de``, title in the metadata)."""
    import typst

    return typst.compile(
        TEMPLATE.encode("utf-8"),
        format="pdf",
        pdf_standards="ua-1",
        sys_inputs={"data": json.dumps(doc, ensure_ascii=False)},
        ignore_system_fonts=True,
        timestamp=int(dt.datetime.now(tz=dt.UTC).timestamp()),
    )


STYLE = """
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1b1b1b}
table{border-collapse:collapse;margin:1rem 0;width:100%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #aaa;padding:.25rem .5rem;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1.5rem 0}figure img{max-width:100%;height:auto}
figcaption{font-weight:600}.alt{font-size:.9rem}
"""


def style_hash() -> str:
    """The CSP source of the page's one inline style (``'sha256-…'``), so a server can allow
    exactly it and nothing else."""
    digest = hashlib.sha256(STYLE.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _block_html(block: dict[str, Any]) -> str:
    kind = block["kind"]
    if kind == "p":
        return f"<p>{_e(block['text'])}</p>"
    if kind == "list":
        return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in block["items"]) + "</ul>"
    if kind == "figure":
        image = ""
        if block.get("svg"):
            encoded = base64.b64encode(block["svg"].encode("utf-8")).decode("ascii")
            image = f'<img src="data:image/svg+xml;base64,{encoded}" alt="{_e(block["alt"])}">'
        return (
            f"<figure>{image}<figcaption>{_e(block['title'])}</figcaption>"
            f'<p class="alt">{_e(block["alt"])}</p></figure>'
        )
    numeric = set(block["numeric"])
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in block["header"])
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in block["rows"]
    )
    return (
        f"<table><caption>{_e(block['caption'])}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def html_text(doc: dict[str, Any]) -> str:
    """The document as one self-contained HTML page (charts inlined as SVG data)."""
    sections = "".join(
        f"<section><h2>{_e(s['heading'])}</h2>"
        + "".join(_block_html(b) for b in s["blocks"])
        + "</section>"
        for s in doc["sections"]
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(doc["lang"])}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(doc['title'])}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{_e(doc['title'])}</h1><p><em>{_e(doc['subtitle'])}</em></p></header>"
        f"<main>{sections}</main><footer><p>{_e(doc['footer'])}</p></footer></body></html>\n"
    )
