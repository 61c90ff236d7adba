// AsyncAPI documents a workspace may hold that are not fit to read: invalid ones (an error with its line),
// huge ones (refused before parsing, at once), circular `$ref`s (parsed; the payload left unchecked, saying
// why, never a validator that runs forever), and a `$ref` out of the document (not followed).
import { strict as assert } from 'node:assert';
import { checkFlow } from '../../../src/core/asyncapi/flowCheck';
import { MAX_DOCUMENT_CHARS, describeProblem, parseAsyncApi } from '../../../src/connectors/reads/asyncapi/asyncApiText';
import { declaredFlowOf, payloadValidator } from '../../../src/connectors/reads/asyncapi/declaredFlow';

const VALID_HEAD = 'asyncapi: 3.0.0\ninfo:\n  title: t\n  version: "1"\n';

describe('AsyncAPI documents that are invalid, huge or circular', function () {
  this.timeout(60_000);

  it('an invalid document gives each error with its line and column', async () => {
    const outcome = await parseAsyncApi('asyncapi: 3.0.0\ninfo:\n  title: missing version\nchannels:\n  orders:\n    address: 42\n');
    assert.ok('problems' in outcome);
    const text = outcome.problems.map((p) => describeProblem('asyncapi.yaml', p)).join('\n');
    assert.match(text, /asyncapi\.yaml:2:\d+: .*version/);
    assert.ok(outcome.problems.every((p) => typeof p.line === 'number' && p.line >= 1));
  });

  it('YAML that does not parse says where', async () => {
    const outcome = await parseAsyncApi(`${VALID_HEAD}channels:\n  orders: [unclosed\n`);
    assert.ok('problems' in outcome);
    assert.ok(outcome.problems.some((p) => p.line !== undefined && p.line >= 5), JSON.stringify(outcome.problems));
  });

  it('a huge document is refused before parsing, with its size, at once', async () => {
    const huge = `${VALID_HEAD}x-filler: "${'a'.repeat(MAX_DOCUMENT_CHARS)}"\n`;
    const started = Date.now();
    const outcome = await parseAsyncApi(huge);
    assert.ok('problems' in outcome);
    assert.match(outcome.problems[0].message, /million characters/);
    assert.ok(Date.now() - started < 5000);
  });

  it('a circular $ref parses, and its payload is left unchecked with the reason rather than validated forever', async () => {
    const document = `${VALID_HEAD}channels:
  tree:
    address: tree
    messages:
      Node:
        payload:
          $ref: '#/components/schemas/Node'
components:
  schemas:
    Node:
      type: object
      properties:
        children:
          type: array
          items:
            $ref: '#/components/schemas/Node'
`;
    const outcome = await parseAsyncApi(document);
    assert.ok(!('problems' in outcome), JSON.stringify('problems' in outcome ? outcome.problems : []));
    const flow = declaredFlowOf(outcome.document, 'tree.yaml');
    assert.match(flow.channels[0].messages[0].unchecked ?? '', /circular/);
    const check = checkFlow([flow], [{ connectionLabel: 'k', name: 'tree', kind: 'topic', role: 'holds', examples: [] }], await payloadValidator());
    assert.deepEqual(check.channels[0].unchecked, ['Node: its schema refers to itself (a circular $ref); not checked']);
  });

  it('a $ref to a file or URL is not followed', async () => {
    const outcome = await parseAsyncApi(`${VALID_HEAD}channels:\n  orders:\n    address: orders\n    messages:\n      M:\n        payload:\n          $ref: 'file:///etc/passwd'\n`);
    assert.ok('problems' in outcome, 'a document reaching out of itself parsed cleanly');
  });
});
