import * as assert from 'node:assert/strict';
import { Snippet } from '../../src/core/snippet';
import { Tagger, mergeTaxonomies, parseTaxonomy } from '../../src/core/taxonomy';
import { bundledCorpus } from './helpers';

async function snippetStarting(prefix: string): Promise<Snippet> {
  const found = (await bundledCorpus()).snippets.find((s) => s.text.startsWith(prefix));
  assert.ok(found, `no snippet starts with "${prefix}"`);
  return found;
}

// Each expectation below was checked by reading the seed sentence and its paragraph.
describe('procedure and topic tagging of the seeds', () => {
  it('tags a sentence by the procedure it names', async () => {
    assert.deepEqual((await snippetStarting('Laminectomy, another frequently performed')).procedures, ['laminectomy']);
    const tlif = await snippetStarting('Minimally invasive fusion procedures');
    for (const p of ['minimally-invasive', 'spinal-fusion', 'tlif', 'llif']) assert.ok(tlif.procedures.includes(p), p);
  });

  it('takes the procedure from the paragraph when the sentence says "this procedure"', async () => {
    assert.deepEqual((await snippetStarting('This procedure is particularly effective for treating spinal stenosis')).procedures, ['laminectomy']);
    assert.deepEqual((await snippetStarting('The goal is to preserve motion')).procedures, ['disc-replacement']);
  });

  it('does not file a comparison under the procedure compared against', async () => {
    assert.deepEqual((await snippetStarting('Recovery times are generally shorter compared to fusion')).procedures, ['disc-replacement']);
  });

  it('falls back to the document for general statements', async () => {
    assert.deepEqual((await snippetStarting('As with any invasive procedure, complications can occur.')).procedures, ['back-surgery']);
    assert.deepEqual((await snippetStarting('Complete fusion, where the bone fully integrates')).procedures, ['spinal-fusion']);
  });

  it('puts sentences under the topics their words cue', async () => {
    assert.ok((await snippetStarting('There is also the possibility of dural tears')).topics.includes('risks'));
    assert.ok((await snippetStarting('Studies indicate that approximately 70-90%')).topics.includes('outcomes'));
    assert.ok((await snippetStarting('Recovery from spinal fusion varies')).topics.includes('recovery'));
    assert.ok((await snippetStarting('Disc replacement can be a good alternative for patients who meet specific criteria')).topics.includes('indications'));
    assert.ok((await snippetStarting('One of the primary benefits of back surgery')).topics.includes('benefits'));
    assert.ok((await snippetStarting('One of the most common back surgeries is discectomy')).topics.includes('description'));
  });

  it('keeps a general procedure only when no specific one is named', () => {
    const tagger = new Tagger(parseTaxonomy({
      procedures: [
        { id: 'general', aliases: ['back surgery'], general: true },
        { id: 'fusion', aliases: ['fusion'] },
      ],
      topics: [],
    }));
    assert.deepEqual(tagger.procedures('Back surgery such as fusion helps.'), ['fusion']);
    assert.deepEqual(tagger.procedures('Back surgeries help.'), ['general']);
  });

  it('lists a sentence\'s topics once each, in taxonomy order, whatever order its cues come in', () => {
    const tagger = new Tagger(
      parseTaxonomy({ topics: [{ id: 'b', cues: ['beta'] }, { id: 'a', cues: ['alpha'] }, { id: 'c', cues: ['gamma'] }], defaultTopic: 'c' }),
    );
    assert.deepEqual(tagger.topics('alpha then beta then alpha again'), ['b', 'a']);
    assert.deepEqual(tagger.topics('gamma alpha'), ['a', 'c']);
    assert.deepEqual(tagger.topics('nothing here'), ['c']);
    assert.deepEqual(tagger.topics('beta'), ['b'], 'nothing carried over from the sentences before');
  });

  it('lets a team taxonomy add aliases and procedures', () => {
    const base = parseTaxonomy({ procedures: [{ id: 'fusion', label: 'Fusion', aliases: ['fusion'] }], topics: [] });
    const merged = mergeTaxonomies(base, parseTaxonomy({ procedures: [{ id: 'fusion', aliases: ['spondylodesis'] }, { id: 'kyphoplasty', aliases: ['kyphoplasty'] }], topics: [] }));
    const tagger = new Tagger(merged);
    assert.deepEqual(tagger.procedures('Spondylodesis and kyphoplasty differ.'), ['fusion', 'kyphoplasty']);
  });

  it('rejects a malformed taxonomy with a message saying what is wrong', () => {
    assert.throws(() => parseTaxonomy({ procedures: [{ label: 'x' }] }), /procedures\[0\] needs a string "id"/);
    assert.throws(() => parseTaxonomy({ topics: 'risks' }), /"topics" must be an array/);
  });
});
