import "antd/dist/reset.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import App from "./App";
import { languageReady } from "./i18n";

// A browser in another language than English shows the app once its messages have arrived
// (App starts the router, and so the page's code, before that).
void languageReady.then(() =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
