// The send lenses of `.kafka` and `*.rabbitmq.json` files: never a send from a file of an untrusted
// workspace (the lens says why and opens the trust editor), and always the target, or that it will ask.
import * as assert from 'node:assert/strict';
import { sendLens, untrustedSendRefusal } from '../../../src/commands/sendLens';

describe('send lenses of produce and publish documents', () => {
  it('a file of an untrusted workspace: the lens does not send, and says why', () => {
    for (const target of [undefined, 'Prod cluster']) {
      const lens = sendLens({ trusted: false, untitled: false, ...(target ? { target } : {}) }, 'Produce ×10', 'cluster');
      assert.equal(lens.action, 'manageTrust');
      assert.match(lens.title, /untrusted workspace \(trust it to send\)/);
    }
    assert.match(untrustedSendRefusal('orders.kafka'), /^orders\.kafka belongs to a workspace that is not trusted: its messages are not sent/);
  });

  it('says which cluster or broker it sends to, or that the first send asks', () => {
    assert.deepEqual(sendLens({ trusted: true, untitled: false }, '$(play) Produce to orders', 'cluster'), { title: '$(play) Produce to orders (asks which cluster)', action: 'send' });
    assert.deepEqual(sendLens({ trusted: true, untitled: false, target: 'Rig Kafka' }, 'Produce ×10', 'cluster'), { title: 'Produce ×10 on Rig Kafka', action: 'send' });
    // A draft the user opened from the extension (untitled) is not a file of the workspace.
    assert.deepEqual(sendLens({ trusted: false, untitled: true, target: 'Rig RabbitMQ' }, '$(send) Publish this message', 'broker'), { title: '$(send) Publish this message on Rig RabbitMQ', action: 'send' });
  });
});
