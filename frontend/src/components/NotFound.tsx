import { Button, Result } from "antd";
import { Link } from "react-router-dom";

export default function NotFound() {
  return (
    <Result
      status="404"
      title="Page not found"
      subTitle="There is no page at this address."
      extra={
        <Link to="/studio">
          <Button type="primary">Go to Studio</Button>
        </Link>
      }
    />
  );
}
