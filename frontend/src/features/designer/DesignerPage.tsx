import FeaturePlaceholder from "../../components/FeaturePlaceholder";

export default function DesignerPage() {
  return <FeaturePlaceholder title="Designer" description="Designer: draw a workflow's nodes and the dependencies between them." />;
}
