import * as assert from 'node:assert/strict';
import { buildTimelineLink, parseTimelineLink, type TimelineLink } from '../../../src/deepLinks/deepLink';

const EXTENSION = 'event-flow-explorer.event-flow-explorer';
const saved = new Set(['local', 'mongo-1a2b']);

function parse(link: string): ReturnType<typeof parseTimelineLink> {
  const url = new URL(link);
  return parseTimelineLink(url.pathname, url.search.slice(1), saved);
}

describe('deep links to a timeline', () => {
  it('round-trips a link with every part', () => {
    const link: TimelineLink = { connectionId: 'mongo-1a2b', aggregateId: 'Order-1001 / é', aggregateType: 'Order', version: 42, filter: ['OrderCreated', 'ItemAdded'] };
    const text = buildTimelineLink(EXTENSION, link);
    assert.match(text, /^vscode:\/\/event-flow-explorer\.event-flow-explorer\/timeline\?connection=mongo-1a2b&aggregate=Order-1001\+%2F\+%C3%A9&type=Order&version=42&filter=OrderCreated%2CItemAdded$/);
    assert.deepEqual(parse(text), { ok: true, link });
  });

  it('refuses, with the part and the reason, what it cannot trust', () => {
    const cases: [string, RegExp][] = [
      ['vscode://x/timeline?connection=evil&aggregate=Order-1', /connection "evil", which is not saved/],
      ['vscode://x/timeline?connection=local&aggregate=Order-1&store=..%2F..%2Fetc%2Fpasswd', /unknown parameter "store": links carry no store path or file/],
      ['vscode://x/timeline?connection=local&aggregate=Order-1&version=99999999999999999999', /version must be a whole number from 0 to 1,000,000,000/],
      ['vscode://x/timeline?connection=local&aggregate=Order-1&version=-1', /version must be a whole number/],
      ['vscode://x/timeline?connection=local&aggregate=Order-1&version=1e3', /version must be a whole number/],
      ['vscode://x/timeline?connection=local&connection=mongo-1a2b&aggregate=Order-1', /parameter connection appears twice/],
      ['vscode://x/timeline?connection=local', /names no aggregate/],
      ['vscode://x/timeline?connection=local&aggregate=Order%0A-1', /aggregate contains a control character/],
      ['vscode://x/timeline?connection=local&aggregate=%20Order-1', /starts or ends with white space/],
      ['vscode://x/other?connection=local&aggregate=Order-1', /unknown link path "\/other"/],
      [`vscode://x/timeline?connection=local&aggregate=${'A'.repeat(600)}`, /aggregate is longer than 512 characters/],
      [`vscode://x/timeline?connection=local&aggregate=O&filter=${Array.from({ length: 101 }, (_, i) => `T${i}`).join(',')}`, /more than 100 event types/],
    ];
    for (const [link, reason] of cases) {
      const parsed = parse(link);
      assert.equal(parsed.ok, false, link);
      if (!parsed.ok) {
        assert.match(parsed.reason, /^Refused the link: /);
        assert.match(parsed.reason, reason, link);
      }
    }
  });
});
