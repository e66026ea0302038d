"""Bar charts drawn on the server as SVG (``templates/reports/_chart.svg``): shapes and text only, no script or
style, so that they pass the CSP and render in the PDF too. A hidden figure gets no bar, only its mark."""

from dataclasses import dataclass

from machmit.reports.figures import Figure

ROW_HEIGHT = 22
LABEL_WIDTH = 190
BAR_WIDTH = 300
VALUE_WIDTH = 80
COLUMN_AREA = 560
COLUMN_HEIGHT = 150
AXIS_HEIGHT = 34


@dataclass(frozen=True)
class Bar:
    label: str
    figure: Figure
    x: float
    y: float
    width: float
    height: float
    label_x: float  # where the label's text stands
    label_y: float
    value_x: float  # and the figure's
    value_y: float


@dataclass(frozen=True)
class Chart:
    slug: str  # the page's id for its title
    title: str
    bars: list[Bar]
    width: int
    height: int
    columns: bool  # bars stand (months) or lie (categories)


def _scale(items: list[tuple[str, Figure]]) -> float:
    return max((float(figure.value) for _label, figure in items if figure.shown), default=0) or 1


def bar_chart(slug: str, title: str, items: list[tuple[str, Figure]]) -> Chart:
    """Lying bars, one row per category, the label on the left and the figure after the bar."""
    largest = _scale(items)
    bars = []
    for row, (label, figure) in enumerate(items):
        y = row * ROW_HEIGHT
        width = BAR_WIDTH * float(figure.value) / largest if figure.shown else 0
        bars.append(
            Bar(
                label=label,
                figure=figure,
                x=LABEL_WIDTH,
                y=y + 4,
                width=round(width, 1),
                height=ROW_HEIGHT - 8,
                label_x=LABEL_WIDTH - 6,
                label_y=y + 15,
                value_x=round(LABEL_WIDTH + width + 6, 1),
                value_y=y + 15,
            )
        )
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    return Chart(slug, title, bars, width=width, height=max(len(items), 1) * ROW_HEIGHT, columns=False)


def column_chart(slug: str, title: str, items: list[tuple[str, Figure]]) -> Chart:
    """Standing bars, one per month, the label below and the figure above."""
    largest = _scale(items)
    step = COLUMN_AREA / max(len(items), 1)
    bars = []
    for index, (label, figure) in enumerate(items):
        height = COLUMN_HEIGHT * float(figure.value) / largest if figure.shown else 0
        x = index * step
        bars.append(
            Bar(
                label=label,
                figure=figure,
                x=round(x + step * 0.15, 1),
                y=round(20 + COLUMN_HEIGHT - height, 1),
                width=round(step * 0.7, 1),
                height=round(height, 1),
                label_x=round(x + step / 2, 1),
                label_y=20 + COLUMN_HEIGHT + 16,
                value_x=round(x + step / 2, 1),
                value_y=round(20 + COLUMN_HEIGHT - height - 5, 1),
            )
        )
    return Chart(slug, title, bars, width=COLUMN_AREA, height=20 + COLUMN_HEIGHT + AXIS_HEIGHT, columns=True)
