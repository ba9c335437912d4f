import FeaturePlaceholder from "../../components/FeaturePlaceholder";

export default function StudioPage() {
  return <FeaturePlaceholder title="Studio" description="Studio: author SQL, Python and shell nodes, test-run them and deploy them." />;
}
