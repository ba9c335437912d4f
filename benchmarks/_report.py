import statistics


def line(name: str, figure: float, unit: str, op: str, target: float) -> str:
    """The closing line every benchmark prints: figure, target and verdict."""
    met = {"<=": figure <= target, ">=": figure >= target}[op]
    return f"{name}: {figure:.4g} {unit} (target {op} {target:g}) {'ok' if met else 'MISSED'}"


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
