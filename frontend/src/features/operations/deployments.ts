// The project's deployments as the history screen shows them: the rows of one deploy (several
// nodes deployed together, with one message) make one entry.
import type { Schema } from "../../api/client";

export type Deployment = Schema<"Deployment">;

export interface DeployEntry {
  /** The first row's id, as a React key. */
  key: number;
  message: string;
  deployedBy: string | null;
  createdAt: string;
  deployments: Deployment[];
}

/** Rows of one deploy are written in one transaction: a few seconds apart at most. */
const SAME_DEPLOY_MS = 5_000;

/** Newest-first rows -> newest-first entries; consecutive rows by the same person with the same
 * message, moments apart, are one deploy. */
export function groupDeployments(rows: Deployment[]): DeployEntry[] {
  const entries: DeployEntry[] = [];
  for (const row of rows) {
    const last = entries[entries.length - 1];
    const sameDeploy =
      last &&
      last.deployedBy === row.deployed_by &&
      last.message === row.message &&
      Math.abs(Date.parse(last.createdAt) - Date.parse(row.created_at)) <= SAME_DEPLOY_MS;
    if (sameDeploy) last.deployments.push(row);
    else entries.push({ key: row.id, message: row.message, deployedBy: row.deployed_by, createdAt: row.created_at, deployments: [row] });
  }
  return entries;
}
