"""Help that reads like a manual: `ID...`, `PATH`, `--note NOTE` instead of Python types, and the
command list grouped in the order of the workflow, each with its whole one-line description.

Typer builds every command as a TyperCommand; `readable()` gives each one (commands other modules
add included) the usage and option lines below. Nothing here imports more than typer itself.
"""

from typing import Any

from typer.core import TyperCommand, TyperGroup

SECTIONS = (
    ("Import", ("import",)),
    ("Track", ("list", "show", "log", "set", "start", "fix", "wontfix", "reopen", "assign", "label", "due", "note")),
    ("Link and verify", ("link", "verify", "detect", "set-rule")),
    ("Report", ("status", "roadmap", "burndown", "report", "gate")),
    ("Data and admin", ("init", "export", "rules", "demo")),
)
ARGUMENTS = {
    "finding": "ID",
    "ids": "ID...",
    "args": "ID... STATUS",
    "paths": "PATH...",
    "path": "PATH",
    "rev_range": "RANGE",
    "target": "DIR",
}
OPTIONS = {"db": "PATH|URL", "output": "FILE", "templates": "DIR", "limit": "N", "phase": "N", "stale_days": "DAYS"}


def argument_metavar(param: Any) -> str:
    """`ID`, `PATH...`: the argument's name as the user types it."""
    name = param.metavar or ARGUMENTS.get(param.name) or param.name.upper()
    return name + "..." if param.nargs == -1 and "..." not in name else name


def option_metavar(param: Any) -> str:
    """What follows an option that takes a value: `--status STATUS`, `--limit N`; nothing for a flag."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    return param.metavar or OPTIONS.get(param.name) or max(param.opts, key=len).lstrip("-").upper()


def _record(param: Any, ctx: Any) -> tuple[str, str]:
    help_text = param.get_help_record(ctx)[1]
    if param.param_type_name == "argument":
        return argument_metavar(param), help_text
    names = ", ".join(sorted(param.opts, key=lambda o: o.startswith("--")))
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    value = option_metavar(param)
    return f"{names} {value}" if value else names, help_text


def write_params(command: Any, ctx: Any, formatter: Any) -> None:
    records = [(p.param_type_name, _record(p, ctx)) for p in command.get_params(ctx) if not p.hidden]
    for kind, title in (("argument", "Arguments"), ("option", "Options")):
        rows = [r for k, r in records if k == kind]
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


def one_line(command: Any) -> str:
    """The command's first sentence, whole."""
    text = command.short_help or (command.help or "").split("\n\n")[0]
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def write_commands(group: Any, ctx: Any, formatter: Any, sections: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    """The group's commands under workflow headings; commands no heading names go last."""
    visible = {n: c for n in group.list_commands(ctx) if (c := group.get_command(ctx, n)) and not c.hidden}
    named = {n for _, names in sections for n in names}
    rest = tuple(n for n in visible if n not in named)
    for title, names in (*sections, ("Other commands" if sections else "Commands", rest)):
        rows = [(n, one_line(visible[n])) for n in names if n in visible]
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


class Command(TyperCommand):
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for p in self.get_params(ctx):
            if p.param_type_name == "argument":
                pieces.append(argument_metavar(p) if p.required else f"[{argument_metavar(p)}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        write_params(self, ctx, formatter)


class SubGroup(TyperGroup):
    def format_options(self, ctx: Any, formatter: Any) -> None:
        write_params(self, ctx, formatter)
        write_commands(self, ctx, formatter, ())


def readable(commands: dict[str, Any]) -> None:
    """Give typer's commands (and those of sub-groups such as `rules`) the help format above."""
    for cmd in commands.values():
        if type(cmd) is TyperGroup:
            cmd.__class__ = SubGroup
            readable(cmd.commands)
        elif type(cmd) is TyperCommand:
            cmd.__class__ = Command
            for p in cmd.params:  # error messages name the argument the same way: "missing argument 'RULE'"
                if p.param_type_name == "argument":
                    p.metavar = argument_metavar(p)
