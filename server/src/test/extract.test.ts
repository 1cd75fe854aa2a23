// What counts as prose, and exact positions back into the source.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lint, LineIndex } from '../engine/index.js';
import { extract } from '../engine/extract/index.js';
import { rules } from './helpers.js';

const rs = rules();
const found = (text: string, language: 'markdown' | 'latex' | 'plaintext' = 'markdown') =>
  lint(text, language, rs).findings.map((f) => ({ rule: f.ruleId, text: text.slice(f.start, f.end) }));

describe('markdown extraction', () => {
  it('lints headings, list items, block quotes, table cells and link text', () => {
    const md = [
      '# Mexico is our backyard',
      '',
      '- The U.S. should act alone in Haiti.',
      '',
      '> Washington must impose its terms on Bolivia.',
      '',
      '| Country | Note |',
      '| --- | --- |',
      '| Peru | Peru is part of our backyard |',
      '',
      'See [our backyard in Central America](https://example.org/backyard) for more.',
    ].join('\n');
    assert.deepEqual(
      found(md).map((f) => f.rule),
      ['backyard', 'act-alone', 'impose', 'backyard', 'backyard'],
    );
  });

  it('skips code, inline code, HTML, math, front matter and URLs', () => {
    const md = [
      '---',
      'title: Mexico is our backyard',
      '---',
      '',
      '```',
      'Mexico is our backyard.',
      '```',
      '',
      'Inline `Mexico is our backyard` stays quiet, and so does https://example.org/our-backyard-in-mexico.',
      '',
      '<div>Mexico is our backyard.</div>',
      '',
      '$$',
      'Mexico is our backyard',
      '$$',
    ].join('\n');
    assert.deepEqual(found(md), []);
  });

  it('matches a phrase split across a hard-wrapped line in a block quote and maps it exactly', () => {
    const md = '> The United States should act\n> alone in Haiti, and soon.\n';
    const [f] = lint(md, 'markdown', rs).findings;
    assert.equal(f.ruleId, 'act-alone');
    assert.equal(md.slice(f.start, f.end), 'act\n> alone');
    const index = new LineIndex(md);
    assert.deepEqual(index.position(f.start), { line: 0, character: 27 });
    assert.deepEqual(index.position(f.end), { line: 1, character: 7 });
  });

  it('matches across a wrapped line inside a list item', () => {
    const md = '1. Our envoy said Washington must\n   impose its terms on Bolivia.\n';
    const [f] = lint(md, 'markdown', rs).findings;
    assert.equal(md.slice(f.start, f.end), 'impose its terms on');
  });

  it('keeps positions right after emphasis and escapes', () => {
    const md = 'In *Central* America, \\*really\\* our **backyard** is stable.';
    const [f] = lint(md, 'markdown', rs).findings;
    assert.equal(md.slice(f.start, f.end), 'backyard');
  });

  it('keeps footnote references as evidence markers', () => {
    const md = 'Gang violence in Honduras is a direct threat to the homeland.[^1]\n\n[^1]: InSight Crime, 2023.\n';
    assert.deepEqual(found(md), []);
  });

  it('matches whole words only, in any inflection', () => {
    assert.deepEqual(found('Mexico uses a yardstick for its backyards.').map((f) => f.text), ['backyards']);
  });
});

describe('LaTeX extraction', () => {
  it('lints running text and text macros, skips math, environments and comments', () => {
    const tex = [
      '\\section{Mexico is our backyard}',
      'The U.S. should act alone in \\emph{Haiti}. % Mexico is our backyard',
      '\\begin{equation} backyard = 1 \\end{equation}',
      'Inline $Mexico is our backyard$ math.',
    ].join('\n');
    assert.deepEqual(found(tex, 'latex'), [
      { rule: 'backyard', text: 'backyard' },
      { rule: 'act-alone', text: 'act alone' },
    ]);
  });

  it('treats \\cite as evidence for a claim', () => {
    const claim = 'Gang violence in Honduras is a direct threat to the homeland';
    assert.deepEqual(found(`${claim} \\cite{insight2023}.`, 'latex'), []);
    assert.equal(found(`${claim}.`, 'latex')[0].rule, 'unsourced-threat');
  });

  it('honours % policylint-disable comments', () => {
    const tex = '% policylint-disable backyard\nMexico is our backyard.\n% policylint-enable backyard\nPeru is our backyard.\n';
    assert.deepEqual(found(tex, 'latex').map((f) => f.text), ['backyard']);
    assert.equal(lint(tex, 'latex', rs).findings[0].start, tex.lastIndexOf('backyard'));
  });
});

describe('plain text', () => {
  it('treats blank lines as paragraph breaks and keeps CRLF positions exact', () => {
    const txt = 'Fine text here.\r\n\r\nThe U.S. should act alone in Haiti.\r\n';
    const [f] = lint(txt, 'plaintext', rs).findings;
    assert.equal(txt.slice(f.start, f.end), 'act alone');
    assert.deepEqual(new LineIndex(txt).position(f.start), { line: 2, character: 16 });
  });

  it('extracts paragraphs as blocks', () => {
    assert.equal(extract('one\n\ntwo\nlines\n\n\nthree', 'plaintext').blocks.length, 3);
  });
});

describe('positions', () => {
  it('counts UTF-16 code units across emoji and accents, and LF, CRLF and CR line ends', () => {
    const text = 'a😀é\r\nb\rc\nd';
    const index = new LineIndex(text);
    assert.deepEqual(index.position(text.indexOf('é')), { line: 0, character: 3 });
    assert.deepEqual(index.position(text.indexOf('b')), { line: 1, character: 0 });
    assert.deepEqual(index.position(text.indexOf('c')), { line: 2, character: 0 });
    assert.deepEqual(index.position(text.indexOf('d')), { line: 3, character: 0 });
    assert.equal(index.offset({ line: 0, character: 99 }), 4);
    assert.equal(index.offset(index.position(3)), 3);
  });
});
