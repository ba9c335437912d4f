"""Following tables through a script: which reads come from outside, which writes remain."""

import re
import time
from dataclasses import dataclass, field

from projects.lineage import procedures
from projects.lineage.bounds import TIME_BUDGET_SECONDS, SqlTooComplex, check_dialect, check_size
from projects.lineage.opaque import understood
from projects.lineage.parsing import mask_parameters, parse, split, split_unterminated, unmask
from projects.lineage.statements import effects
from projects.lineage.tables import Effect, is_temporary


@dataclass
class Lineage:
    reads: dict[str, int] = field(default_factory=dict)  # table -> first line it is read on
    writes: dict[str, int] = field(default_factory=dict)
    # written, then copied into another table in the same script: neither a read nor a write
    intermediates: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def extract(sql: str, dialect: str | None = None) -> tuple[set[str], set[str]]:
    found = extract_with_lines(sql, dialect)
    return set(found.reads), set(found.writes)


def extract_with_lines(sql: str, dialect: str | None = None) -> Lineage:
    """Tables read and written; SqlTooComplex past MAX_SQL_CHARS or TIME_BUDGET_SECONDS."""
    check_size(sql)
    dialect = check_dialect(dialect)
    deadline = time.monotonic() + TIME_BUDGET_SECONDS
    masked, params = mask_parameters(sql)
    script = _Script()
    in_function = False
    for text, offset in split(masked):
        _in_time(deadline)
        # A function's PL/SQL body that the splitter cut off: defining a function moves no data.
        if in_function and re.match(r"\s*begin\b", text, re.I):
            continue
        in_function = bool(re.match(r"\s*create\s+(or\s+replace\s+)?function\b", text, re.I))
        line_base = masked.count("\n", 0, offset)
        found = _effects_of(text, dialect, deadline)
        if found is None:
            script.result.errors.append(
                f"line {line_base + 1}: could not parse {text.strip()[:60]!r}"
            )
            found = [_fallback(text)]
        for effect in found:
            script.apply(effect, line_base, params)
    return script.finish()


def _in_time(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise SqlTooComplex(
            f"reading the tables took over {TIME_BUDGET_SECONDS:g} s; "
            "split the script into smaller nodes"
        )


def _effects_of(text: str, dialect: str | None, deadline: float) -> list[Effect] | None:
    """The Effects of one piece of the script; None when no dialect reads it."""
    block = procedures.of_block(text, dialect)
    if block is not None:
        return block
    found = _parsed(text, dialect)
    if found is None and dialect in (None, "tsql"):
        found = []
        for piece, offset in split_unterminated(text):
            _in_time(deadline)
            effs = _parsed(piece, dialect)
            if effs is None:
                return None
            shift = text.count("\n", 0, offset)
            for effect in effs:
                effect.reads = [(name, line + shift) for name, line in effect.reads]
                effect.writes = [(name, line + shift) for name, line in effect.writes]
            found += effs
    return found


def _parsed(text: str, dialect: str | None) -> list[Effect] | None:
    found = [(statement, effects(statement, dialect, text)) for statement in parse(text, dialect)]
    if not found or not all(understood(statement, effs) for statement, effs in found):
        return None
    return [effect for _, effs in found for effect in effs]


class _Script:
    """The tables the script has made so far, and what became of them."""

    def __init__(self) -> None:
        self.result = Lineage()
        self.made: dict[str, bool] = {}  # live table made by the script -> temporary?
        self.written: dict[str, int] = {}  # table -> first line written
        self.fed: dict[str, int] = {}  # made tables copied into another table -> line

    def apply(self, effect: Effect, line_base: int, params) -> None:
        reads = [(unmask(n, params), line_base + line) for n, line in effect.reads]
        writes = [(unmask(n, params), line_base + line) for n, line in effect.writes]
        targets = {name for name, _ in writes}
        for name, line in reads:
            if is_temporary(name):
                continue  # a T-SQL #temp or @variable made elsewhere in the session
            if name not in self.made:
                self.result.reads.setdefault(name, line)
            elif targets - {name}:
                self.fed.setdefault(name, line)
        temporary = {unmask(n, params) for n in effect.temporary}
        for name, line in writes:
            self.made[name] = self.made.get(name, False) or name in temporary
            self.written.setdefault(name, line)
        for name in effect.drops:
            self._take(unmask(name, params))
        for old, new in effect.renames:
            self._move(unmask(old, params), unmask(new, params))
        for a, b in effect.swaps:
            a, b = unmask(a, params), unmask(b, params)
            states = {name: self._take(name) for name in (a, b)}
            self._put(b, states[a])
            self._put(a, states[b])

    def _move(self, old: str, new: str) -> None:
        state = self._take(old)
        if state is not None:
            self._take(new)
            self._put(new, state)

    def _take(self, name: str):
        """Remove what the script knows of a table (dropped, renamed, swapped) and return it."""
        if name not in self.made:
            return None
        return (self.made.pop(name), self.written.pop(name, None), self.fed.pop(name, None))

    def _put(self, name: str, state) -> None:
        if state is None:
            return
        temporary, written, fed = state
        self.made[name] = temporary
        if written is not None:
            self.written[name] = written
        if fed is not None:
            self.fed[name] = fed

    def finish(self) -> Lineage:
        for name, line in self.written.items():
            if self.made.get(name):
                continue  # temporary: gone with the session
            if name in self.fed:
                self.result.intermediates[name] = line
            else:
                self.result.writes[name] = line
        return self.result


_FALLBACK_READ = re.compile(r"\b(?:from|join)\s+([A-Za-z_][\w$.]*)", re.IGNORECASE)
_FALLBACK_WRITE = re.compile(
    r"\b(?:(?:insert|replace)\s+(?:overwrite|into)(?:\s+table)?|create\s+(?:or\s+replace\s+)?(?:materialized\s+)?(?:table|view)"
    r"(?:\s+if\s+not\s+exists)?|update|merge\s+into|load\s+data\b.*?\binto\s+table)\s+([A-Za-z_][\w$.]*)",
    re.IGNORECASE,
)


def _fallback(text: str) -> Effect:
    """A conservative scan of a statement no dialect could parse."""
    effect = Effect()
    for pattern, bucket in ((_FALLBACK_WRITE, effect.writes), (_FALLBACK_READ, effect.reads)):
        for match in pattern.finditer(text):
            name = match.group(1).lower()
            if bucket is effect.reads and name in {n for n, _ in effect.writes}:
                continue
            bucket.append((name, text.count("\n", 0, match.start()) + 1))
    return effect
