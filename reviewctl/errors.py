"""The one error family reviewctl raises; the CLI turns it into a message and an exit code."""


class ReviewctlError(Exception):
    """Base of every error reviewctl reports to a user (exit code 1)."""

    exit_code = 1


class InputError(ReviewctlError):
    """The user's input is wrong: a missing file, an unknown ID, a bad value (exit code 2)."""

    exit_code = 2


class StoreError(ReviewctlError):
    """The findings store cannot be opened, is locked, read-only, foreign or too new."""


class NotFoundError(InputError):
    """A finding, review or revision named by the user does not exist."""
