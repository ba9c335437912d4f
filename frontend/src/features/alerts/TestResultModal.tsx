import { Button, Descriptions, Modal, Result, Spin } from "antd";
import { Link } from "react-router-dom";

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
  const info = statusInfo(delivery.status);
  const flying = isInFlight(delivery);
  const status = delivery.status === "delivered" ? "success" : delivery.status === "failed" ? "error" : "warning";
  return (
    <Modal
      open
      title={`Test message to “${channel.name}”`}
      onCancel={onClose}
      footer={[
        <Link key="log" to="/alerts/deliveries" onClick={onClose}>
          <Button>Open the delivery log</Button>
        </Link>,
        <Button key="close" type="primary" onClick={onClose}>
          Close
        </Button>,
      ]}
    >
      <div data-testid="test-result">
        {delivery.status === "pending" ? (
          <Result
            icon={<Spin size="large" />}
            title="Sending…"
            subTitle="The message is queued for a worker; the result appears here."
          />
        ) : (
          <Result
            status={status}
            title={
              delivery.status === "delivered"
                ? "Delivered"
                : delivery.status === "failed"
                  ? "Not delivered"
                  : "First attempt failed; retrying"
            }
            subTitle={delivery.error || info.help}
          />
        )}
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label="Status">{info.label}</Descriptions.Item>
          <Descriptions.Item label="Response code">{describeResponse(delivery.response_code)}</Descriptions.Item>
          <Descriptions.Item label="Attempts">{delivery.attempts}</Descriptions.Item>
          <Descriptions.Item label="Next attempt">{flying ? nextAttemptText(delivery.next_attempt_at) : "—"}</Descriptions.Item>
          <Descriptions.Item label="Delivered at" span={2}>
            {formatTime(delivery.delivered_at)}
          </Descriptions.Item>
        </Descriptions>
      </div>
    </Modal>
  );
}
