// Where the overview draws things: one scale and offset that fit the graph and the view.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Frame {
  scale: number;
  offsetX: number;
  offsetY: number;
}

/** Fit the union of the graph (`content`) and what is in view into `size`, centred, with a margin. */
export function minimapFrame(content: Box | null, visible: Box, size: { width: number; height: number }, margin = 0.05): Frame {
  let x = visible.x;
  let y = visible.y;
  let right = visible.x + visible.width;
  let bottom = visible.y + visible.height;
  if (content) {
    x = Math.min(x, content.x);
    y = Math.min(y, content.y);
    right = Math.max(right, content.x + content.width);
    bottom = Math.max(bottom, content.y + content.height);
  }
  const width = Math.max(1, right - x);
  const height = Math.max(1, bottom - y);
  const scale = Math.min(size.width / width, size.height / height) * (1 - 2 * margin);
  return {
    scale,
    offsetX: (size.width - width * scale) / 2 - x * scale,
    offsetY: (size.height - height * scale) / 2 - y * scale,
  };
}
