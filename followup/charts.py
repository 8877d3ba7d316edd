"""Small SVG charts for the annual quality report: bars side by side and
lines, drawn as plain SVG text (no raster image, no library: WeasyPrint
renders plain shapes and text well). Each chart carries a <title> and a
<desc> and is placed as an <img> with the same text as its alternative; the
report puts the same figures in a table beside it.

Values are numbers or None (a missing value: no bar, a break in the line).
"""

import base64
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 16, 46
# Colours with contrast against white and each other, told apart by pattern too
# (the second series is outlined, a reference line is dashed).
COLOURS = ("#1f4e79", "#c55a11", "#548235")
FONT = 'font-family="DejaVu Sans, sans-serif"'


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Decimal | float | int | None]


@dataclass(frozen=True)
class Chart:
    title: str
    desc: str
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(
            self.svg.encode()
        ).decode("ascii")

    @property
    def alt(self) -> str:
        return f"{self.title}. {self.desc}"


def _top_of(series: list[Series], floor: float) -> float:
    values = [float(v) for s in series for v in s.values if v is not None]
    top = max([floor, *values])
    step = _step(top)
    return step * -(-top // step)


def _step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 6:
            return step
    return 10 ** len(str(int(top)))


def _frame(title, desc, labels, low, high) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    step = _step(high - low)
    tick = low
    while tick <= high + 1e-9:
        y = TOP + plot_h - (tick - low) / (high - low) * plot_h
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            'stroke="#cccccc" stroke-width="0.6"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'{FONT} fill="#222222">{_number(tick)}</text>'
        )
        tick += step
    slot = plot_w / max(len(labels), 1)
    for i, label in enumerate(labels):
        x = LEFT + slot * (i + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
            f'font-size="11" {FONT} fill="#222222">{escape(str(label))}</text>'
        )
    return parts


def _legend(series: list[Series], dashed_last: bool = False) -> list[str]:
    parts, x = [], LEFT
    y = HEIGHT - 12
    for i, s in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        dash = ' stroke-dasharray="5,3"' if dashed_last and i == len(series) - 1 else ""
        parts.append(
            f'<line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="3"{dash}/>'
            f'<text x="{x + 24}" y="{y}" font-size="11" {FONT} fill="#222222">'
            f"{escape(s.name)}</text>"
        )
        x += 34 + 7 * len(s.name)
    return parts


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def bars(*, title: str, desc: str, labels: list[str], series: list[Series]) -> Chart:
    """Bars side by side per label, from zero: the first series filled, the
    next outlined."""
    high = _top_of(series, 1)
    parts = _frame(title, desc, labels, 0, high)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    width = slot * 0.8 / max(len(series), 1)
    for j, s in enumerate(series):
        colour = COLOURS[j % len(COLOURS)]
        fill = colour if j == 0 else "#ffffff"
        for i, value in enumerate(s.values):
            if value is None:
                continue
            h = float(value) / high * plot_h
            x = LEFT + slot * i + slot * 0.1 + width * j
            parts.append(
                f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{width - 1:.1f}" '
                f'height="{h:.1f}" fill="{fill}" stroke="{colour}" stroke-width="1.5"/>'
            )
    parts += [*_legend(series), "</svg>"]
    return Chart(title, desc, "".join(parts))


def lines(
    *,
    title: str,
    desc: str,
    labels: list[str],
    series: list[Series],
    low: float = 0,
    high: float | None = None,
    reference: Series | None = None,
) -> Chart:
    """A line per series, a dot at each value and a break where one is
    missing; `reference` (say the national figure) dashed."""
    every = [*series, *([reference] if reference else [])]
    high = high if high is not None else _top_of(every, low + 1)
    parts = _frame(title, desc, labels, low, high)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    for j, s in enumerate(every):
        colour = COLOURS[j % len(COLOURS)]
        dash = ' stroke-dasharray="5,3"' if s is reference else ""
        points: list[tuple[float, float]] = []
        for i, value in enumerate([*s.values, None]):
            if value is None:
                parts += _polyline(points, colour, dash, dots=s is not reference)
                points = []
                continue
            y = TOP + plot_h - (float(value) - low) / (high - low) * plot_h
            points.append((LEFT + slot * (i + 0.5), y))
    parts += [*_legend(every, dashed_last=reference is not None), "</svg>"]
    return Chart(title, desc, "".join(parts))


def _polyline(points, colour: str, dash: str, *, dots: bool) -> list[str]:
    if not points:
        return []
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts = []
    if len(points) > 1:
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/>'
        )
    if dots or len(points) == 1:
        parts += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
            for x, y in points
        ]
    return parts
