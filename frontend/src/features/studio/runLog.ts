// Log lines of a running instance: the stored log, then live lines from the websocket.

export interface LiveLog {
  /** Lines from the stored log (fetched), then live ones appended. */
  lines: string[];
  /** How many of `lines` came from the stored log. */
  stored: number;
}

export const EMPTY_LOG: LiveLog = { lines: [], stored: 0 };

export function splitLog(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Take the stored log as the truth and keep the live lines that came after it: live lines that
 * the stored log already holds (they overlap at its end) are dropped.
 */
export function mergeStored(log: LiveLog, text: string): LiveLog {
  const stored = splitLog(text);
  const live = log.lines.slice(log.stored);
  let overlap = 0;
  for (let size = Math.min(live.length, stored.length); size > 0; size -= 1) {
    const tail = stored.slice(stored.length - size);
    if (tail.every((line, i) => line === live[i])) {
      overlap = size;
      break;
    }
  }
  // Live lines not in the stored log at all (newer than it) stay after it.
  const rest = live.slice(overlap).filter((line) => !stored.includes(line));
  return { lines: [...stored, ...rest], stored: stored.length };
}

export function appendLive(log: LiveLog, lines: string[]): LiveLog {
  return { lines: [...log.lines, ...lines], stored: log.stored };
}
