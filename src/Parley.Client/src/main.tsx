import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./components/App";
import { initChat } from "./state/chat";
import { startSession } from "./state/session";
import { applyTheme } from "./state/theme";
import "./styles/theme.css";
import "./styles/base.css";
import "./styles/auth.css";
import "./styles/layout.css";
import "./styles/sidebar.css";
import "./styles/chat.css";
import "./styles/messages.css";
import "./styles/search.css";
import "./styles/popups.css";
import "./styles/dialogs.css";
import "./styles/profile.css";

applyTheme();
initChat();
void startSession();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
