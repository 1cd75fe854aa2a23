// Forms of an English word for patterns written `word*`: plural and verb endings, with the
// spelling changes English makes (impose -> imposing, stop -> stopped, ally -> allies) and
// the irregular verbs that turn up in policy prose.

const IRREGULAR: Record<string, string[]> = {
  send: ['sent'], keep: ['kept'], lose: ['lost'], win: ['won'], teach: ['taught'], go: ['went', 'gone'],
  take: ['took', 'taken'], make: ['made'], hold: ['held'], bring: ['brought'], fight: ['fought'],
  put: ['put'], leave: ['left'], seek: ['sought'], tell: ['told'], say: ['said'], think: ['thought'],
  stand: ['stood'], lead: ['led'], beat: ['beaten'], choose: ['chose', 'chosen'], drive: ['drove', 'driven'],
  give: ['gave', 'given'], set: ['set'], see: ['saw', 'seen'], know: ['knew', 'known'], be: ['is', 'are', 'was', 'were', 'been', 'being', 'am'],
  have: ['has', 'had', 'having'], do: ['does', 'did', 'done', 'doing'], run: ['ran'], understand: ['understood'],
  child: ['children'], man: ['men'], foot: ['feet'],
};

const VOWEL = /[aeiou]/;

export function inflections(base: string): string[] {
  const w = base.toLowerCase();
  // A stem written without its final e ("undermin*", "destabiliz*") still reaches
  // "undermines" and "destabilize": over-generating forms that no one writes costs nothing.
  if (!w.endsWith('e') && /[^aeiouy]$/.test(w)) return [...new Set([...forms(w), ...forms(w + 'e')])];
  return forms(w);
}

function forms(w: string): string[] {
  const forms = new Set<string>([w]);
  const add = (...xs: string[]) => xs.forEach((x) => forms.add(x));
  for (const x of IRREGULAR[w] ?? []) forms.add(x);
  const last = w[w.length - 1];
  const beforeLast = w[w.length - 2] ?? '';
  if (/(s|x|z|ch|sh)$/.test(w)) add(w + 'es');
  else if (last === 'y' && !VOWEL.test(beforeLast)) add(w.slice(0, -1) + 'ies');
  else add(w + 's');
  if (last === 'e') add(w + 'd', w.slice(0, -1) + 'ing');
  else if (last === 'y' && !VOWEL.test(beforeLast)) add(w.slice(0, -1) + 'ied', w + 'ing');
  else {
    add(w + 'ed', w + 'ing');
    // Short words ending consonant-vowel-consonant double the consonant: stop -> stopped.
    if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(w)) add(w + last + 'ed', w + last + 'ing');
  }
  // British and American spellings: militarize / militarise.
  for (const f of [...forms]) {
    if (f.includes('iz')) forms.add(f.replace('iz', 'is'));
    if (f.includes('is') && /is(e|ed|es|ing|ation)$/.test(f)) forms.add(f.replace(/is(e|ed|es|ing|ation)$/, 'iz$1'));
  }
  return [...forms];
}
