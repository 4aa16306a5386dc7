"""What the parser hands to the importer: plain dataclasses, no store types."""

import sys
from dataclasses import dataclass, field


@dataclass(slots=True)
class ParsedLocation:
    path: str
    line_start: int | None = None
    line_end: int | None = None
    symbol: str | None = None

    def __post_init__(self) -> None:
        self.path = sys.intern(self.path)  # a review names few files many times: each held once


@dataclass(slots=True)
class ParsedFinding:
    title: str
    body: str = ""
    section: str = ""
    number: str | None = None  # the document's own numbering ("3", "2.1")
    priority: str = "unknown"
    priority_source: str = "none"  # field, heading, section, table, none
    effort_minutes: int | None = None
    effort_text: str | None = None
    phase: int | None = None
    phase_label: str | None = None
    status: str = "open"  # open | fixed, as the document states it
    locations: list[ParsedLocation] = field(default_factory=list)
    line: int = 0  # line of the document where the finding starts
    rule: str | None = None  # the detector rule, when the finding comes from a detector


@dataclass(slots=True)
class ParsedReview:
    title: str
    date: str | None = None
    author: str | None = None
    findings: list[ParsedFinding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding_repair: str | None = None
