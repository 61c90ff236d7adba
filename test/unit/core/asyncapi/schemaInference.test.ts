import { strict as assert } from 'node:assert';
import { SchemaInference } from '../../../../src/core/asyncapi/schemaInference';

function infer(samples: unknown[]): Record<string, unknown> {
  const inference = new SchemaInference();
  for (const sample of samples) inference.observe(sample);
  return inference.schema();
}

describe('AsyncAPI: schema inference from sampled payloads', () => {
  it('requires a field only when every sampled object had it', () => {
    const schema = infer([{ id: 1, currency: 'EUR' }, { id: 2 }, { id: 3, currency: 'USD' }]);
    assert.deepEqual(schema.required, ['id']);
    assert.deepEqual(Object.keys(schema.properties as object), ['currency', 'id']);
  });

  it('requires nested fields against the objects of their own place, and array items against every item', () => {
    const schema = infer([{ order: { lines: [{ sku: 'a', qty: 1 }, { sku: 'b' }] } }, { order: { lines: [] } }]);
    const order = (schema.properties as Record<string, Record<string, unknown>>).order;
    assert.deepEqual(order.required, ['lines']);
    const items = ((order.properties as Record<string, Record<string, unknown>>).lines.items ?? {}) as Record<string, unknown>;
    assert.deepEqual(items.required, ['sku']);
    assert.deepEqual((items.properties as Record<string, unknown>).qty, { type: 'integer' });
  });

  it('makes an enum of a small closed set of strings seen again and again, and never of ids or free text', () => {
    const statuses = Array.from({ length: 30 }, (_, i) => ({ status: ['NEW', 'PAID', 'SHIPPED'][i % 3], note: `note ${i}` }));
    const properties = infer(statuses).properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(properties.status, { type: 'string', enum: ['NEW', 'PAID', 'SHIPPED'] });
    assert.deepEqual(properties.note, { type: 'string' });
    // Three distinct values seen once each are not yet a closed set.
    const few = infer([{ status: 'NEW' }, { status: 'PAID' }, { status: 'SHIPPED' }]).properties as Record<string, Record<string, unknown>>;
    assert.equal(few.status.enum, undefined);
  });

  it('says format date-time or uuid only when every sampled string has it', () => {
    const uuid = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
    const properties = infer([
      { at: '2026-12-01T09:00:00Z', id: uuid, mixed: '2026-12-01T09:00:00.123+01:00' },
      { at: '2026-12-02T10:30:00.5Z', id: uuid.toUpperCase(), mixed: 'yesterday' },
    ]).properties as Record<string, Record<string, unknown>>;
    assert.equal(properties.at.format, 'date-time');
    assert.equal(properties.id.format, 'uuid');
    assert.equal(properties.mixed.format, undefined);
  });

  it('lists every JSON type a place held, and numbers that were not always whole as number', () => {
    const properties = infer([{ total: 1, note: null }, { total: 2.5, note: 'x' }]).properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(properties.total, { type: 'number' });
    assert.deepEqual(properties.note.type, ['null', 'string']);
  });

  it('stays bounded on 1,000-deep nesting and 10,000 fields, and says it was cut', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 1000; i++) deep = { next: deep };
    const deepSchema = JSON.stringify(infer([deep]));
    assert.match(deepSchema, /Not every field below here was sampled/);
    const wide = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, i]));
    const wideSchema = infer([wide]);
    assert.ok(Object.keys(wideSchema.properties as object).length < 1000);
    assert.match(String(wideSchema.description), /Not every field/);
  });
});
