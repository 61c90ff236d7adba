import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { holdsPythonReducer } from '../../../src/sandbox/workspaceFiles';
import { repoRoot } from '../../support/paths';
import { tempWorkspace } from '../sandbox/workspace';

interface Step {
  id: string;
  description: string;
  when?: string;
  media: { markdown: string };
  completionEvents: string[];
}

function steps(): Step[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { walkthroughs: { steps: Step[] }[] } };
  return manifest.contributes.walkthroughs[0].steps;
}

const firstCommand = (step: Step): string | undefined => /\(command:([\w.]+)\)/.exec(step.description)?.[1];

describe('Get Started walkthrough: the chapter\'s flow', () => {
  it('offers both flows; the chapter\'s first when the workspace holds a .py reducer, the richer one otherwise', () => {
    const publish = steps().filter((step) => step.id.startsWith('publish'));
    assert.deepEqual(publish.map((step) => [step.id, step.when, firstCommand(step)]), [
      ['publishSamples', '!eventFlows.walkthrough.chapterFlow', 'eventFlows.publishSampleEvents'],
      ['publishChapterSamples', 'eventFlows.walkthrough.chapterFlow', 'eventFlows.publishChapterSampleEvents'],
    ]);
    for (const step of publish) {
      assert.match(step.description, /command:eventFlows\.publishChapterSampleEvents/);
      assert.match(step.description, /command:eventFlows\.publishSampleEvents/);
      assert.deepEqual([...step.completionEvents].sort(), ['onCommand:eventFlows.publishChapterSampleEvents', 'onCommand:eventFlows.publishSampleEvents']);
      const media = fs.readFileSync(path.join(repoRoot, step.media.markdown), 'utf8');
      assert.match(media, /command:eventFlows\.publishChapterSampleEvents/);
    }
  });

  it('knows when the workspace holds a Python reducer', async () => {
    const workspace = tempWorkspace();
    try {
      assert.equal(await holdsPythonReducer(workspace.root), false);
      assert.equal(await holdsPythonReducer(undefined), false);
      workspace.write('reducers/order.js', 'module.exports = {};\n');
      assert.equal(await holdsPythonReducer(workspace.root), false);
      workspace.write('reducers/orders.py', 'class Order:\n    def apply(self, event):\n        pass\n');
      assert.equal(await holdsPythonReducer(workspace.root), true);
    } finally {
      workspace.remove();
    }
  });
});
