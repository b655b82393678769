"""Outlet colours: one fixed, colour-blind-friendly palette shared by pages, charts and reports.

Colours are assigned by the outlets' rank in the whole corpus (most articles first), so an
outlet keeps its colour on every page. HTML elements carry a class (``outlet-3``) defined in
the stylesheet -- the Content-Security-Policy forbids inline styles -- and SVG shapes carry
the hex value as a presentation attribute.

>>> palette = OutletPalette(["Velmora Press Agency", "Dravania Today"])
>>> palette.index("Dravania Today"), palette.color("Dravania Today")
(1, '#D55E00')
"""

from __future__ import annotations

from collections.abc import Iterable

#: Okabe-Ito based; every colour keeps 3:1 contrast against the white page for marks.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#B8860B",  # dark goldenrod (Okabe-Ito orange darkened for contrast)
    "#3A9BD9",  # sky blue, darkened
    "#7F5A83",  # plum
    "#5C7F24",  # olive
    "#A0522D",  # sienna
    "#4D4D4D",  # grey
)
UNKNOWN_COLOR = "#767676"


class OutletPalette:
    """Maps outlet names to palette slots, in the order given (most important first)."""

    def __init__(self, outlets: Iterable[str | None]) -> None:
        self._slots: dict[str, int] = {}
        for outlet in outlets:
            if outlet and outlet.casefold() not in self._slots:
                self._slots[outlet.casefold()] = len(self._slots) % len(PALETTE)

    def index(self, outlet: str | None) -> int | None:
        """The palette slot of ``outlet``; ``None`` for an unknown or unnamed outlet."""
        if not outlet:
            return None
        return self._slots.get(outlet.casefold())

    def color(self, outlet: str | None) -> str:
        slot = self.index(outlet)
        return UNKNOWN_COLOR if slot is None else PALETTE[slot]

    def css_class(self, outlet: str | None) -> str:
        """The stylesheet class carrying the outlet's colour (``outlet-x`` when unknown)."""
        slot = self.index(outlet)
        return "outlet-x" if slot is None else f"outlet-{slot}"
