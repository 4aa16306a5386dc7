"""How effort reads in every human output (tables, dashboards, reports, Markdown export).

Efforts are stored and given in JSON as whole minutes (`effort_minutes`, `*_minutes`); people
read them as `45m`, `2h`, `2h 45m`, `150h` — hours and minutes, never days, since a "day" of work
means different hours to different teams.
"""


def format_effort(minutes: float | None) -> str:
    """`45m`, `2h`, `2h 45m`; `-` when unknown."""
    if minutes is None:
        return "-"
    hours, rest = divmod(round(minutes), 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h {rest}m" if rest else f"{hours}h"
