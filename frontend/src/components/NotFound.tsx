import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t("notFound.title")}
      subTitle={t("notFound.description")}
      extra={
        <Link to="/studio">
          <Button type="primary">{t("notFound.goToStudio")}</Button>
        </Link>
      }
    />
  );
}
