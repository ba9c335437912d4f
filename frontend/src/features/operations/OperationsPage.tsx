import FeaturePlaceholder from "../../components/FeaturePlaceholder";

export default function OperationsPage() {
  return <FeaturePlaceholder title="Operations" description="Operations: watch scheduled instances, rerun failures and start backfills." />;
}
