"""Placing equal labels on A4 sheets: a grid of cells, each label drawn once at a design size and scaled into its
cell, with dashed cut lines between cells.

Only grids whose cells keep the label at least at its design size are offered, so a QR code designed to be
scannable never shrinks below that size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = A4

# per_page -> (columns, rows). 8 is the common sheet of 105 x 74.25 mm cells, exactly the label's design size.
GRIDS: dict[int, tuple[int, int]] = {1: (1, 1), 2: (1, 2), 4: (2, 2), 6: (2, 3), 8: (2, 4)}


@dataclass(frozen=True)
class Placement:
    """Where one label goes: the lower-left corner of its box on the page (points) and the scale of the design."""

    x: float
    y: float
    scale: float


@dataclass(frozen=True)
class SheetLayout:
    columns: int
    rows: int
    design_width: float  # points, the label's box as designed, its margin to the cut lines included
    design_height: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def cell_width(self) -> float:
        return PAGE_WIDTH / self.columns

    @property
    def cell_height(self) -> float:
        return PAGE_HEIGHT / self.rows

    @property
    def scale(self) -> float:
        return min(self.cell_width / self.design_width, self.cell_height / self.design_height)

    def placements(self) -> Iterator[Placement]:
        """Cells left to right, top to bottom; the label centred across its cell and at the top of it (a single
        label sits at the head of the page, leaving the rest free to cut off)."""
        width, height = self.design_width * self.scale, self.design_height * self.scale
        for row in range(self.rows):
            top = PAGE_HEIGHT - row * self.cell_height
            for column in range(self.columns):
                left = column * self.cell_width + (self.cell_width - width) / 2
                yield Placement(left, top - height, self.scale)

    def draw_cut_lines(self, canvas: Canvas) -> None:
        """Dashed light lines between cells, across the whole sheet (nothing to cut on a one-label page)."""
        canvas.saveState()
        canvas.setStrokeGray(0.6)
        canvas.setLineWidth(0.4)
        canvas.setDash(3 * mm, 2 * mm)
        for column in range(1, self.columns):
            x = column * self.cell_width
            canvas.line(x, 0, x, PAGE_HEIGHT)
        for row in range(1, self.rows):
            y = PAGE_HEIGHT - row * self.cell_height
            canvas.line(0, y, PAGE_WIDTH, y)
        canvas.restoreState()


def sheet_layout(per_page: int, design_width: float, design_height: float) -> SheetLayout | None:
    """The layout for that many labels a page, or None when no offered grid has that many."""
    grid = GRIDS.get(per_page)
    if grid is None:
        return None
    return SheetLayout(grid[0], grid[1], design_width, design_height)
