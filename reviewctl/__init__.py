"""reviewctl: turn code-review documents into a tracked, verified plan of work."""

__version__ = "0.1.0"
