/**
 * Passwords with / @ : % # ? [ ] and spaces, in every place a user types one (MongoDB strings, AMQP URLs
 * encoded or not, password fields, Kafka SASL, a Kafka server address): none reaches settings or a log text.
 */
import * as assert from 'node:assert/strict';
import { tryPasswords } from '../../support/passwordCases';
import { figure } from '../support/figures';

describe('passwords with URL characters', () => {
  it('0 written to settings or logs', () => {
    const outcome = tryPasswords();
    figure('passwords', `tried ${outcome.tried}, ${outcome.leaks.length} written to settings or logs, ${outcome.misread.length} misread`);
    assert.deepEqual(outcome.leaks, []);
    assert.deepEqual(outcome.misread, []);
  });
});
