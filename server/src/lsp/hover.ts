// Hover text for a finding: what was found and why, the better wording, and the essay passage
// it rests on, quoted with author, title, date and locator. Markdown; no ids or JSON.
import type { Finding, Rule } from '../engine/index.js';

export function hoverMarkdown(f: Finding, rule: Rule | undefined): string {
  const parts: string[] = [`**PolicyLint: ${f.message}**`];
  if (rule) parts.push(rule.explanation);
  const rewrites = f.suggestions.filter((s) => s.edit.end > s.edit.start && s.text !== '[citation needed]');
  if (f.category === 'unsupported-security-claim') parts.push('**Better:** cite a source for the claim, attribute it to a named source, or hedge it.');
  else if (rewrites.length > 0) parts.push(`**Better:** ${rewrites.map((s) => `"${s.text}"`).join(' or ')}`);
  for (const c of f.citations) parts.push(`> ${c.quote}\n\n— ${c.text} (${c.locator})`);
  return parts.join('\n\n');
}
