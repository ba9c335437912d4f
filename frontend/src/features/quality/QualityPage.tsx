import FeaturePlaceholder from "../../components/FeaturePlaceholder";

export default function QualityPage() {
  return <FeaturePlaceholder title="Quality" description="Quality: guard tables with data-quality rules and review their results." />;
}
