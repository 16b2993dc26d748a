import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.tsx";
import { loadConfig } from "./app/config.ts";
import "./styles.css";

const root = createRoot(document.getElementById("root") as HTMLElement);
void loadConfig().then((config) =>
  root.render(
    <StrictMode>
      <App config={config} />
    </StrictMode>,
  ),
);
