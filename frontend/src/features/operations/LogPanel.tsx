// An instance's log: the stored text plus lines pushed live while it runs; follows the end.
import { DownloadOutlined, ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Select, Space, Switch, Typography } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { localizeLogStamps, useProjectClock } from "../../clock";
import { errorMessage } from "../../errors";
import { logUrl, useInstanceLog } from "./api";
import { mergeLog } from "./log";
import type { LogMessage } from "./live";
import { ACTIVE, FINISHED } from "./states";

type Choice = "latest" | "all" | number;

export interface LogPanelProps {
  projectId: number;
  instanceId: number;
  status: string;
  attempt: number;
  /** Register for the live log lines of this instance (the page owns the websocket). */
  subscribe: (handler: (message: LogMessage) => void) => () => void;
  /** Bumped when the live connection (re)opens: the stored log is fetched again to fill a gap. */
  liveEpoch: number;
}

export default function LogPanel({ projectId, instanceId, status, attempt, subscribe, liveEpoch }: LogPanelProps) {
  const { t } = useTranslation("operations", { keyPrefix: "log" });
  const [choice, setChoice] = useState<Choice>("latest");
  const selected: number | null = choice === "latest" ? attempt || null : choice === "all" ? null : choice;
  const running = ACTIVE.has(status);
  const [follow, setFollow] = useState(true);
  const [live, setLive] = useState<string[]>([]);
  const log = useInstanceLog(projectId, instanceId, selected);
  const pre = useRef<HTMLPreElement>(null);

  // Live lines of the attempt shown (or of any attempt when all are shown).
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  useEffect(
    () =>
      subscribe((message) => {
        if (message.instance !== instanceId) return;
        if (selectedRef.current !== null && message.attempt !== selectedRef.current) return;
        setLive((lines) => [...lines, ...message.lines]);
      }),
    [subscribe, instanceId],
  );

  // A new attempt shown: start its live buffer afresh.
  useEffect(() => setLive([]), [selected]);

  // When the run ends, or the live connection comes back, the stored log is the record.
  const finished = FINISHED.has(status);
  const { refetch } = log;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void refetch();
  }, [finished, liveEpoch, refetch]);

  const { timeZone } = useProjectClock();
  // Lines are stamped in ISO with offset; shown as the project's wall clock (a download keeps ISO).
  const text = useMemo(() => localizeLogStamps(mergeLog(log.data ?? "", live), timeZone), [log.data, live, timeZone]);

  useEffect(() => {
    if (follow && pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [text, follow]);

  const attempts = Array.from({ length: attempt }, (_, index) => attempt - index);

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Select<Choice>
          aria-label={t("attempt")}
          value={choice}
          onChange={setChoice}
          style={{ width: 200 }}
          options={[
            { value: "latest", label: attempt ? t("latestN", { attempt }) : t("latest") },
            { value: "all", label: t("all") },
            ...attempts.map((n) => ({ value: n, label: t("attemptN", { attempt: n }) })),
          ]}
        />
        <Space size={6}>
          <Switch size="small" checked={follow} onChange={setFollow} aria-label={t("followLog")} />
          <Typography.Text>{t("follow")}</Typography.Text>
        </Space>
        <Button icon={<ReloadOutlined />} onClick={() => void log.refetch()} loading={log.isFetching}>
          {t("refresh")}
        </Button>
        <Button icon={<DownloadOutlined />} href={logUrl(projectId, instanceId, selected, true)} download>
          {t("download")}
        </Button>
        {running && <Typography.Text type="secondary">{t("streaming")}</Typography.Text>}
      </Space>
      {log.error ? (
        <Alert type="error" showIcon message={t("loadFailed", { reason: errorMessage(log.error) })} />
      ) : (
        <pre
          ref={pre}
          data-testid="instance-log"
          style={{
            background: "#141414",
            color: "#e8e8e8",
            padding: 12,
            borderRadius: 6,
            maxHeight: "60vh",
            minHeight: 160,
            overflow: "auto",
            fontSize: 12,
            lineHeight: 1.5,
            margin: 0,
            whiteSpace: "pre-wrap",
            wordBreak: "break-all",
          }}
        >
          {log.isLoading ? t("loading") : text || (attempt ? t("noLines") : t("notRun"))}

        </pre>
      )}
    </div>
  );
}
