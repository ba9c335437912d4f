import { Switch, Tooltip } from "antd";
import { useTranslation } from "react-i18next";

interface Props {
  /** The object's name, for the switch's accessible label. */
  name: string;
  checked: boolean;
  /** Why the caller may not switch it ("" when they may). */
  refusal: string;
  loading: boolean;
  onChange: (checked: boolean) => void;
}

/** A list row's on/off switch (rules, channels). */
export default function EnabledSwitch({ name, checked, refusal, loading, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <Tooltip title={refusal || undefined}>
      <Switch
        size="small"
        checked={checked}
        disabled={!!refusal}
        aria-label={t("shared.enabledLabel", { name })}
        loading={loading}
        onChange={onChange}
      />
    </Tooltip>
  );
}
