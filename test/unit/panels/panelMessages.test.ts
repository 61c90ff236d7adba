import * as assert from 'node:assert/strict';
import { DisposableCollection } from '../../../src/panels/disposableCollection';
import { receivePanelMessage, type PanelAnswers } from '../../../src/panels/panelMessages';
import { parseBusRunMessage, type BusRunToExtension } from '../../../src/protocol/busRun';

/** A panel's side of the bus-run protocol that records what it was asked and what it wrote. */
function recordingPanel(answer: (message: BusRunToExtension) => Promise<void> = () => Promise.resolve()) {
  const answered: BusRunToExtension[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  const shown: string[] = [];
  const answers: PanelAnswers<BusRunToExtension> = {
    parse: parseBusRunMessage,
    answer: async (message) => {
      answered.push(message);
      await answer(message);
    },
    failure: (message, error) => (error instanceof Error && error.name === 'CancelledError' ? undefined : `Could not ${message.type}: ${(error as Error).message}`),
  };
  const receiver = {
    label: 'Bus run view',
    log: { warn: (line: string) => warnings.push(line), error: (line: string) => errors.push(line) },
    showError: (text: string) => {
      errors.push(text);
      shown.push(text);
      return Promise.resolve();
    },
  };
  return { answers, receiver, answered, warnings, errors, shown };
}

describe('panel messages: checked before the panel sees them', () => {
  it('answers a message its protocol accepts', async () => {
    const panel = recordingPanel();
    await receivePanelMessage({ type: 'export' }, panel.answers, panel.receiver);
    assert.deepEqual(panel.answered, [{ type: 'export' }]);
    assert.deepEqual(panel.warnings, []);
  });

  it('drops and logs a message that fails validation, never acting on it', async () => {
    const panel = recordingPanel();
    for (const raw of [{ type: 'runScript', code: 'alert(1)' }, { type: 'openLocation', file: '/etc/passwd', line: -1 }, 'not even an object', null, { type: 'export', extra: true }]) {
      await receivePanelMessage(raw, panel.answers, panel.receiver);
    }
    assert.deepEqual(panel.answered, []);
    assert.equal(panel.warnings.length, 5);
    for (const line of panel.warnings) assert.match(line, /^Bus run view: Rejected webview message/);
    assert.deepEqual(panel.shown, [], 'a rejected message is shown in the page');
  });

  it('turns an answer that throws into words in the page, and says nothing of a cancelled one', async () => {
    const failing = recordingPanel((message) => {
      if (message.type === 'rerun') throw Object.assign(new Error('cancelled'), { name: 'CancelledError' });
      return Promise.reject(new Error('the disk is full'));
    });
    await receivePanelMessage({ type: 'export' }, failing.answers, failing.receiver);
    await receivePanelMessage({ type: 'rerun' }, failing.answers, failing.receiver);
    assert.deepEqual(failing.shown, ['Could not export: the disk is full']);
    assert.equal(failing.answered.length, 2);
  });
});

describe('disposable collection: what a panel owns until it closes', () => {
  it('disposes every item once, the last added first, and what is added afterwards at once', () => {
    const order: string[] = [];
    const collection = new DisposableCollection();
    collection.add({ dispose: () => order.push('listener') });
    collection.add({ dispose: () => order.push('session') });
    assert.equal(collection.isDisposed, false);
    collection.dispose();
    collection.dispose();
    assert.deepEqual(order, ['session', 'listener']);
    assert.equal(collection.isDisposed, true);
    collection.add({ dispose: () => order.push('late') });
    assert.deepEqual(order, ['session', 'listener', 'late']);
  });

  it('disposes the rest when one item throws, then throws that failure', () => {
    const disposed: string[] = [];
    const collection = new DisposableCollection();
    collection.add({ dispose: () => disposed.push('first') });
    collection.add({
      dispose: () => {
        throw new Error('stuck');
      },
    });
    collection.add({ dispose: () => disposed.push('third') });
    assert.throws(() => collection.dispose(), /stuck/);
    assert.deepEqual(disposed, ['third', 'first']);
  });
});
