import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { aggregateTooltip } from '../../../src/explorer/eventStore/aggregateTooltip';
import { repoRoot } from '../../support/paths';

describe('tree tooltips show data as plain text', () => {
  it("an aggregate's tooltip holds its id and type as they are, with line breaks shown escaped", () => {
    const id = '![x](https://example.invalid/pixel.png) [open](command:workbench.action.quit)\n**bold**';
    assert.equal(aggregateTooltip({ id, type: 'Order', version: 4 }, undefined), `![x](https://example.invalid/pixel.png) [open](command:workbench.action.quit)\\n**bold** (Order)\nVersion 4`);
    assert.equal(aggregateTooltip({ id: 'Order-1', type: 'Order', version: 1 }, '2026-12-06 09:00:00'), 'Order-1 (Order)\nVersion 1, last event 2026-12-06 09:00:00 UTC');
  });

  it('no tree item renders a tooltip or label as Markdown (a MarkdownString would render links and images from data)', () => {
    const offenders: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts') && /MarkdownString/.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(repoRoot, file));
      }
    };
    walk(path.join(repoRoot, 'src', 'explorer'));
    assert.deepEqual(offenders, []);
  });
});
