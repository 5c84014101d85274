"""Coloured badges that always carry words too, so colour-blind readers lose nothing."""

from markupsafe import Markup, escape

GREEN, YELLOW, RED = "label-success", "label-warning", "label-danger"


def badge(css: str, text: object, detail: object = "") -> Markup:
    html = Markup('<span class="label {css}">{text}</span>').format(css=css, text=escape(str(text)))
    if detail:
        html += Markup(" <small>{detail}</small>").format(detail=escape(str(detail)))
    return html
