/**
 * A 10 MB payload and a 10,000-level nested JSON through the codec and the host side of the timeline:
 * previews come out cut to their limits, quickly, and nothing overflows the stack.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_MAX_PREVIEW_BYTES, decodePayload, parseJsonSafely, truncateForDisplay } from '../../../src/core/codec';
import { genericReducer } from '../../../src/core/reducers';
import { TimelineSession } from '../../../src/panels/timeline/timelineSession';
import { figure } from '../support/figures';
import { DEEP_LEVELS, deepJson, deepJsonText, HUGE_BYTES, hugeJson, hugeStream } from './hugeInputs';

/** Bound for one preview of a huge input: generous for a loaded 2-core machine, far below "hung". */
const PREVIEW_BOUND_MS = 3000;

function timed<T>(action: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = action();
  return { value, ms: performance.now() - started };
}

function depthOf(value: unknown): number {
  let depth = 0;
  let current = value;
  while (current !== null && typeof current === 'object') {
    depth += 1;
    current = Object.values(current)[0];
  }
  return depth;
}

describe('huge and deep input: codec and timeline session', function () {
  this.timeout(60_000);

  it('decodes a 10 MB JSON payload to a preview within the cap', () => {
    const bytes = Buffer.from(JSON.stringify(hugeJson()));
    assert.ok(bytes.length > HUGE_BYTES);
    const { value: decoded, ms } = timed(() => decodePayload(bytes));
    figure('huge.codec.10MB.previewMs', Math.round(ms));
    figure('huge.codec.10MB.previewBytes', Buffer.byteLength(decoded.preview.preview));
    assert.equal(decoded.preview.kind, 'json');
    assert.equal(decoded.preview.truncated, true);
    assert.ok(Buffer.byteLength(decoded.preview.preview) <= DEFAULT_MAX_PREVIEW_BYTES);
    assert.equal(decoded.preview.base64?.length, Math.ceil(bytes.length / 3) * 4, 'the original bytes are kept');
    assert.ok(ms < PREVIEW_BOUND_MS, `${ms} ms`);
  });

  it('decodes 10 MB of binary and of broken JSON to capped previews', () => {
    const binary = Buffer.alloc(HUGE_BYTES, 0x01);
    const text = Buffer.from(`${JSON.stringify(hugeJson()).slice(0, -1)}`);
    for (const [name, bytes, kind] of [['binary', binary, 'binary'], ['brokenJson', text, 'text']] as const) {
      const { value: decoded, ms } = timed(() => decodePayload(bytes));
      figure(`huge.codec.10MB.${name}.previewMs`, Math.round(ms));
      assert.equal(decoded.preview.kind, kind);
      assert.equal(decoded.preview.truncated, true);
      assert.ok(Buffer.byteLength(decoded.preview.preview) <= DEFAULT_MAX_PREVIEW_BYTES);
      assert.ok(ms < PREVIEW_BOUND_MS, `${name}: ${ms} ms`);
    }
    const { value: parsed, ms } = timed(() => parseJsonSafely(text.toString('utf8')));
    figure('huge.codec.10MB.brokenJson.locateMs', Math.round(ms));
    assert.ok(!parsed.ok && /^Invalid JSON at line 1, column \d+ \(position \d+\): unexpected end of input/.test(parsed.error), parsed.ok ? '' : parsed.error);
    assert.ok(ms < PREVIEW_BOUND_MS, `${ms} ms`);
  });

  it('previews JSON nested 10,000 levels deep without overflowing the stack', () => {
    const text = deepJsonText();
    const { value: decoded, ms } = timed(() => decodePayload(Buffer.from(text)));
    figure('huge.codec.deep10k.previewMs', Math.round(ms));
    assert.equal(decoded.preview.kind, 'json');
    assert.ok(Buffer.byteLength(decoded.preview.preview) <= DEFAULT_MAX_PREVIEW_BYTES);
    assert.equal(depthOf(decoded.value), DEEP_LEVELS + 1);
    const broken = parseJsonSafely(text.slice(0, -1));
    assert.ok(!broken.ok && broken.error.includes(`position ${text.length - 1}`), broken.ok ? '' : broken.error);
    const shown = timed(() => truncateForDisplay(deepJson()));
    figure('huge.truncate.deep10k.ms', Math.round(shown.ms));
    assert.equal(shown.value.truncated, true);
    assert.equal(depthOf(shown.value.value), 64, 'cut at the default depth limit');
    assert.ok(shown.ms < PREVIEW_BOUND_MS);
  });

  it('gives the timeline a truncated detail of the huge and the deep event', () => {
    const session = new TimelineSession({ storeLabel: 'huge', aggregateId: 'Big-1', aggregateType: 'Big', events: hugeStream(), reducer: genericReducer });
    for (const [index, name] of [[1, '10MB'], [2, 'deep10k']] as const) {
      const { value: detail, ms } = timed(() => session.select(index));
      const size = JSON.stringify(detail).length;
      figure(`huge.session.${name}.detailMs`, Math.round(ms));
      figure(`huge.session.${name}.detailChars`, size);
      assert.equal(detail.dataTruncated, true);
      assert.equal(detail.stateTruncated, true);
      assert.ok(size < 1_000_000, `a detail of ${size} characters goes to the webview`);
      assert.ok(ms < PREVIEW_BOUND_MS, `${ms} ms`);
      assert.doesNotThrow(() => structuredClone(detail), 'the detail cannot be posted');
    }
    const rows = session.rows(0, 3);
    assert.equal(rows.length, 3);
    assert.ok(rows.every((row) => row.summary.length <= 100));
  });
});
