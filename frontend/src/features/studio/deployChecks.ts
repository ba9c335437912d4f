// What the deploy dialog warns about before a version goes to production.

export interface TestRunSummary {
  id: number;
  status: string;
  created_at: string;
}

/** The node's last test run, when it failed after the version to deploy was saved: a test run
 * runs the editor's code, so a failure before the version was saved may not concern it. */
export function failedTestOf(versionSavedAt: string | null | undefined, lastTest: TestRunSummary | undefined): TestRunSummary | null {
  if (!lastTest || !versionSavedAt) return null;
  if (!["failed", "killed"].includes(lastTest.status)) return null;
  return Date.parse(lastTest.created_at) >= Date.parse(versionSavedAt) ? lastTest : null;
}
