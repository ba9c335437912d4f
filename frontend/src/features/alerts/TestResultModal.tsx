import { Button, Descriptions, Modal, Result, Spin } from "antd";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";

import { formatTime } from "../../format";
import { useDelivery } from "./api";
import type { Channel } from "./channels";
import { describeResponse, isInFlight, nextAttemptText, statusInfo, type Delivery } from "./deliveries";

/** The outcome of "Send test message", followed until the delivery settles. */
export default function TestResultModal({
  projectId,
  channel,
  delivery: initial,
  onClose,
}: {
  projectId: number;
  channel: Channel;
  delivery: Delivery;
  onClose: () => void;
}) {
  const { data } = useDelivery(projectId, initial.id, initial);
  const delivery = data ?? initial;
  const { t } = useTranslation("alerts");
  const info = statusInfo(delivery.status);
  const flying = isInFlight(delivery);
  const status = delivery.status === "delivered" ? "success" : delivery.status === "failed" ? "error" : "warning";
  return (
    <Modal
      open
      title={t("test.title", { name: channel.name })}
      onCancel={onClose}
      footer={[
        <Link key="log" to="/alerts/deliveries" onClick={onClose}>
          <Button>{t("test.openLog")}</Button>
        </Link>,
        <Button key="close" type="primary" onClick={onClose}>
          {t("test.close")}
        </Button>,
      ]}
    >
      <div data-testid="test-result">
        {delivery.status === "pending" ? (
          <Result
            icon={<Spin size="large" />}
            title={t("test.sending")}
            subTitle={t("test.queued")}
          />
        ) : (
          <Result
            status={status}
            title={
              delivery.status === "delivered"
                ? t("test.delivered")
                : delivery.status === "failed"
                  ? t("test.notDelivered")
                  : t("test.retrying")
            }
            subTitle={delivery.error || info.help}
          />
        )}
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t("test.status")}>{info.label}</Descriptions.Item>
          <Descriptions.Item label={t("test.responseCode")}>{describeResponse(delivery.response_code)}</Descriptions.Item>
          <Descriptions.Item label={t("test.attempts")}>{delivery.attempts}</Descriptions.Item>
          <Descriptions.Item label={t("test.nextAttempt")}>{flying ? nextAttemptText(delivery.next_attempt_at) : "—"}</Descriptions.Item>
          <Descriptions.Item label={t("test.deliveredAt")} span={2}>
            {formatTime(delivery.delivered_at)}
          </Descriptions.Item>
        </Descriptions>
      </div>
    </Modal>
  );
}
