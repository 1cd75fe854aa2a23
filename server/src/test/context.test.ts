// The context every rule gets for free: quotation, negation and contrast, critical use,
// literal sense, questions, history and reported speech.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../engine/index.js';
import { rules } from './helpers.js';

const rs = rules();
const ids = (text: string, lintQuotations = false) =>
  lint(text, 'markdown', rs, { lintQuotations, categories: {}, rules: {} }).findings.map((f) => f.ruleId);

describe('context', () => {
  it('does not flag quoted words, straight or curly, single or double', () => {
    for (const q of ['"a backyard"', '“a backyard”', "'a backyard'", '‘a backyard’']) assert.deepEqual(ids(`Officials treat Mexico as ${q}.`), [], q);
  });
  it('flags quoted words when lintQuotations is on', () => {
    assert.deepEqual(ids('Officials treat Mexico as "a backyard".', true), ['backyard']);
  });
  it('does not take an apostrophe for a quotation mark', () => {
    assert.deepEqual(ids("Mexico's role as America's backyard must continue."), ['backyard']);
  });
  it('reads negation and contrast as the remedy', () => {
    assert.deepEqual(ids("Peru is not anybody's backyard."), []);
    assert.deepEqual(ids('Chile should be a partner instead of a backyard.'), []);
    assert.deepEqual(ids('Rather than acting alone, the U.S. should consult Brazil.'), []);
  });
  it('reads metalinguistic and critical use as discussion', () => {
    assert.deepEqual(ids('Calling the region a backyard reflects a patronizing attitude.'), []);
    assert.deepEqual(ids('The so-called backyard has its own foreign policy in Brazil.'), []);
    assert.deepEqual(ids('The backyard mentality still shapes policy toward Mexico.'), []);
  });
  it('needs the political sense: a garden is not the region', () => {
    assert.deepEqual(ids('The barbecue in her backyard was a success.'), []);
    assert.deepEqual(ids('Guatemala is our backyard.'), ['backyard']);
  });
  it('does not flag questions, even run-on ones', () => {
    assert.deepEqual(ids('Is Mexico our backyard?'), []);
    assert.deepEqual(ids('An American backyard or a real partner?Over the years Mexico changed.'), []);
  });
  it('does not flag narrated history without a modal', () => {
    assert.deepEqual(ids('During the Cold War, the U.S. opted for militarized interventions in the region.'), []);
    assert.deepEqual(ids('The U.S. should adopt a militarized approach in Honduras.'), ['militarize']);
  });
  it('does not flag reported speech introduced by a colon', () => {
    assert.deepEqual(ids('As one envoy once said: Latin America is the backyard of the United States.'), []);
  });
});
