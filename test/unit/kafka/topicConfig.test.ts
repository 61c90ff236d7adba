import * as assert from 'node:assert/strict';
import { topicConfigText, type TopicConfigEntry } from '../../../src/connectors/kafka';

const entry = (name: string, value: string | null, source: TopicConfigEntry['source'], extra: Partial<TopicConfigEntry> = {}): TopicConfigEntry => ({ name, value, source, sensitive: false, readOnly: false, ...extra });

describe('topic configuration document', () => {
  it('marks overrides, names each source, hides sensitive values and says when nothing is overridden', () => {
    const text = topicConfigText('prod', 'payments', [
      entry('cleanup.policy', 'compact,delete', 'topic'),
      entry('retention.ms', '604800000', 'default'),
      entry('min.insync.replicas', '2', 'broker', { readOnly: true }),
      entry('sasl.secret', 'x', 'topic', { sensitive: true }),
    ]);
    assert.match(text, /^# payments · prod: configuration \(read-only\)$/m);
    assert.match(text, /2 overridden on this topic: cleanup\.policy, sasl\.secret;/);
    assert.match(text, /^\* cleanup\.policy +compact,delete +\(overridden on this topic\)$/m);
    assert.match(text, /^ {2}retention\.ms +604800000 +\(default\)$/m);
    assert.match(text, /^ {2}min\.insync\.replicas +2 +\(set on the broker, read-only\)$/m);
    assert.match(text, /sasl\.secret +\(hidden: sensitive\)/);
    assert.doesNotMatch(text, /sasl\.secret +x/);
    assert.match(topicConfigText('c', 't', [entry('retention.ms', '1', 'default')]), /0 overridden on this topic; the others/);
  });
});
