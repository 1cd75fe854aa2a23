// Shared test helpers: the built-in rule set, loaded once, and edit application.
import { loadRuleSet, type Edit, type RuleSet } from '../engine/index.js';

let cached: RuleSet | undefined;
export function rules(): RuleSet {
  cached ??= loadRuleSet();
  return cached;
}

export function applyEdit(text: string, edit: Edit): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

/** Applies non-overlapping edits, last first, so earlier offsets stay valid. */
export function applyEdits(text: string, edits: Edit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce(applyEdit, text);
}
