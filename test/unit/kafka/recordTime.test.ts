import * as assert from 'node:assert/strict';
import { recordTime } from '../../../src/connectors/kafka/records';

describe('Kafka record time', () => {
  it('writes what toISOString writes, whichever second came before', () => {
    const times = [0, 1, 999, 1000, 1_767_225_600_000, 1_767_225_600_009, 1_767_225_600_099, 1_767_225_600_100, 1_767_225_601_000, 1_767_225_600_999, -1, -1000, 253_402_300_799_999, 253_402_300_800_000, 8.64e15];
    for (const time of [...times, ...times.reverse()]) assert.equal(recordTime(String(time)), new Date(time).toISOString(), String(time));
  });

  it('writes the epoch for what is not a time', () => {
    for (const text of ['', 'x', '9e99', 'NaN']) assert.equal(recordTime(text), new Date(0).toISOString(), text);
  });
});
