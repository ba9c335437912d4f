// Positions of a table lineage graph: one column per level (upstream left, downstream right).
export interface LevelledVertex {
  id: string;
  level: number;
}

export const VERTEX_WIDTH = 220;
export const VERTEX_HEIGHT = 48;
const COLUMN_GAP = 150;
const ROW_GAP = 20;

/** Top-left positions (React Flow's convention): columns by level, each centred on the table. */
export function layoutLevels(vertices: LevelledVertex[]): Map<string, { x: number; y: number }> {
  const byLevel = new Map<number, LevelledVertex[]>();
  for (const vertex of vertices) byLevel.set(vertex.level, [...(byLevel.get(vertex.level) ?? []), vertex]);
  const positions = new Map<string, { x: number; y: number }>();
  for (const [level, column] of byLevel) {
    const height = column.length * VERTEX_HEIGHT + (column.length - 1) * ROW_GAP;
    column.forEach((vertex, row) => {
      positions.set(vertex.id, {
        x: level * (VERTEX_WIDTH + COLUMN_GAP),
        y: row * (VERTEX_HEIGHT + ROW_GAP) - height / 2,
      });
    });
  }
  return positions;
}
