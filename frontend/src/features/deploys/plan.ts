// The plan diff of a deploy (scheduler/plan.py `diff`) in a line per day for the review page.

type PlanDay = { label?: string; added?: unknown[]; removed?: unknown[]; moved?: unknown[]; kept?: number };

export interface PlanLine {
  label: string;
  added: number;
  removed: number;
  moved: number;
  kept: number;
}

/** One line per day the deploy changes (today, tomorrow); an empty or odd plan gives none. */
export function planLines(plan: unknown): PlanLine[] {
  const days = (plan as { days?: PlanDay[] } | null)?.days;
  if (!Array.isArray(days)) return [];
  return days.map((day) => ({
    label: day.label ?? "",
    added: day.added?.length ?? 0,
    removed: day.removed?.length ?? 0,
    moved: day.moved?.length ?? 0,
    kept: day.kept ?? 0,
  }));
}
