// The input each data source setting gets.
import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { SettingInput } from "./DataSourceDrawer";

describe("SettingInput", () => {
  it("takes a CA certificate as several lines of PEM", () => {
    const { container } = render(<SettingInput field="ca_cert" value="" onChange={() => {}} />);
    const area = container.querySelector("textarea");
    expect(area).not.toBeNull();
    expect(area?.getAttribute("rows")).toBe("4");
    expect(container.querySelector("input")).toBeNull();
  });

  it("hides what is typed for a secret, such as a Kubernetes token", () => {
    const { container } = render(<SettingInput field="kubernetes_token" secret value="" onChange={() => {}} />);
    expect(container.querySelector("input[type=password]")).not.toBeNull();
    expect(container.querySelector("textarea")).toBeNull();
  });
});
