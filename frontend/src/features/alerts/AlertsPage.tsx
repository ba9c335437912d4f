import FeaturePlaceholder from "../../components/FeaturePlaceholder";

export default function AlertsPage() {
  return <FeaturePlaceholder title="Alerts" description="Alerts: notify people by email or webhook when runs fail, run late or break a rule." />;
}
