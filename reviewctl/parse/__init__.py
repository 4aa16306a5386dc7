"""Review documents → ParsedReview: decoding, section tree, field extraction, roadmap linking."""

from reviewctl.parse.model import ParsedFinding, ParsedLocation, ParsedReview
from reviewctl.parse.review import parse_review

__all__ = ["ParsedFinding", "ParsedLocation", "ParsedReview", "parse_review"]
