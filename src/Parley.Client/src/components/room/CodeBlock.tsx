import { useEffect, useMemo, useState, type ReactNode } from "react";
import type { HighlightNode } from "../../state/codeHighlight";

type Highlighter = typeof import("../../state/codeHighlight");

let highlighter: Highlighter | null = null;
let loading: Promise<Highlighter> | null = null;

/** The highlighter is its own chunk, loaded with the first code block that names a language. */
function loadHighlighter(): Promise<Highlighter> {
  loading ??= import("../../state/codeHighlight").then(
    (module) => (highlighter = module),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** A fenced code block: monospace, as typed, highlighted when its language is one of the common ones. */
export function CodeBlock({ value, language }: { value: string; language: string | null }) {
  const [ready, setReady] = useState(highlighter !== null);
  useEffect(() => {
    if (ready || language === null) return;
    let current = true;
    // Until (or unless) it loads, the code shows plain: nothing is lost.
    loadHighlighter().then(() => current && setReady(true), () => undefined);
    return () => {
      current = false;
    };
  }, [ready, language]);
  const highlighted = useMemo(() => (ready && language && highlighter ? highlighter.highlightCode(value, language) : null), [ready, language, value]);
  return (
    <pre className="code-block" data-language={language ?? undefined}>
      <code className={highlighted ? "hljs" : undefined}>{highlighted ? highlighted.map(renderHighlight) : value}</code>
    </pre>
  );
}

function renderHighlight(node: HighlightNode, key: number): ReactNode {
  if (typeof node === "string") return node;
  return (
    <span key={key} className={node.className}>
      {node.children.map(renderHighlight)}
    </span>
  );
}
