import FeaturePlaceholder from "../../components/FeaturePlaceholder";

export default function SettingsPage() {
  return <FeaturePlaceholder title="Settings" description="Settings: manage project members, roles and data sources." />;
}
