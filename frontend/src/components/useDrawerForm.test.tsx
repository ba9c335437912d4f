import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { App as AntApp, Alert, Form, Input } from "antd";
import { describe, expect, it, vi } from "vitest";

import { ApiError } from "../api/client";
import { useDrawerForm, type DrawerFormOptions } from "./useDrawerForm";

interface Values {
  name: string;
}

type Options = Pick<DrawerFormOptions<Values, Values>, "save" | "onClose">;

function Channel({ save, onClose, editing }: Options & { editing: Values | null }) {
  const [form] = Form.useForm<Values>();
  const { problem, clearProblem, onFinish } = useDrawerForm<Values, Values>({
    form,
    open: true,
    editing,
    initialValues: () => editing ?? { name: "" },
    problems: (values) => (values.name ? {} : { name: "A name is needed." }),
    fields: ["name"],
    save,
    savedMessage: (saved) => `Saved ${saved.name}.`,
    failedMessage: "Could not save",
    onClose,
  });
  return (
    <Form form={form} onFinish={onFinish} onValuesChange={clearProblem}>
      <Form.Item name="name" label="Name">
        <Input />
      </Form.Item>
      {problem && <Alert type="error" message={problem} />}
      <button type="submit">Save</button>
    </Form>
  );
}

const renderDrawer = (props: Options & { editing?: Values | null }) =>
  render(
    <AntApp>
      <Channel editing={null} {...props} />
    </AntApp>,
  );

describe("useDrawerForm", () => {
  it("opens with the edited object's values and saves, then closes", async () => {
    const onClose = vi.fn();
    const save = vi.fn<Options["save"]>((values, callbacks) => callbacks.onSuccess(values));
    renderDrawer({ save, onClose, editing: { name: "oncall" } });
    expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("oncall");
    fireEvent.click(screen.getByText("Save"));
    await waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(save.mock.calls[0][0]).toMatchObject({ name: "oncall" });
    expect(await screen.findByText("Saved oncall.")).toBeTruthy();
  });

  it("stops at the client's own check without asking the server", async () => {
    const save = vi.fn();
    renderDrawer({ save, onClose: vi.fn() });
    fireEvent.click(screen.getByText("Save"));
    expect(await screen.findByText("A name is needed.")).toBeTruthy();
    expect(save).not.toHaveBeenCalled();
  });

  it("puts the server's reasons on their fields and the rest above the buttons", async () => {
    const onClose = vi.fn();
    const refuse = (fields: Record<string, string[]>) =>
      vi.fn<Options["save"]>((_values, callbacks) => callbacks.onError(new ApiError(400, "Invalid input.", fields)));
    const { unmount } = renderDrawer({ save: refuse({ name: ["This name is taken."] }), onClose, editing: { name: "a" } });
    fireEvent.click(screen.getByText("Save"));
    expect(await screen.findByText("This name is taken.")).toBeTruthy();
    unmount();

    renderDrawer({ save: refuse({ name: ["Too long."], quota: ["Ten channels at most."] }), onClose, editing: { name: "a" } });
    fireEvent.click(screen.getByText("Save"));
    expect(await screen.findByText("Too long.")).toBeTruthy();
    expect((await screen.findAllByText("quota: Ten channels at most.")).length).toBeGreaterThan(0);
    expect(onClose).not.toHaveBeenCalled();
  });
});
