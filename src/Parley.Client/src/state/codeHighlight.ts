import type { ElementContent, Root } from "hast";
import bash from "highlight.js/lib/languages/bash";
import cpp from "highlight.js/lib/languages/cpp";
import csharp from "highlight.js/lib/languages/csharp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import { createLowlight } from "lowlight";

// Syntax highlighting of code blocks, loaded with the first code block that names a language (its own chunk).
// A handful of common languages with their usual aliases (js, ts, py, cs, sh, html, yml…), not all of them.
// lowlight gives a hast tree; it becomes plain data (class names and strings) for the view to build elements from.

const lowlight = createLowlight({ bash, cpp, csharp, css, diff, go, java, javascript, json, python, rust, sql, typescript, xml, yaml });

/** A highlighted stretch: text, or a span with highlight.js's class names around more of them. */
export type HighlightNode = string | { className: string; children: HighlightNode[] };

/** The code split into highlighted stretches, or null when the language is not one of those known here. */
export function highlightCode(code: string, language: string): HighlightNode[] | null {
  if (!lowlight.registered(language)) return null;
  return fromHast(lowlight.highlight(language, code));
}

/** Keeps only text and spans with highlight.js's classes: nothing else of the tree reaches the page. */
export function fromHast(tree: Root | Extract<ElementContent, { type: "element" }>): HighlightNode[] {
  const nodes: HighlightNode[] = [];
  for (const child of tree.children) {
    if (child.type === "text") {
      nodes.push(child.value);
    } else if (child.type === "element") {
      const classes = [child.properties.className].flat().filter((name): name is string => typeof name === "string" && name.startsWith("hljs-"));
      const children = fromHast(child);
      if (classes.length > 0) nodes.push({ className: classes.join(" "), children });
      else nodes.push(...children);
    }
  }
  return nodes;
}
