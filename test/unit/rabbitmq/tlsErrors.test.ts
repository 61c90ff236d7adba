// What a failed TLS handshake is reported as, for each cause a user can fix in the connection's TLS settings.
import * as assert from 'node:assert/strict';
import { amqpError, managementError } from '../../../src/connectors/rabbitmq/errors';

function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

const mask = (text: string): string => text;

describe('RabbitMQ TLS errors', () => {
  const cases: [string, Error, RegExp][] = [
    ['a CA not given', socketError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), /not trusted: give the CA certificate/],
    ['a self-signed broker', socketError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), /not trusted/],
    ['another host name', socketError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), /not made out to this host name/],
    ['an expired certificate', socketError('CERT_HAS_EXPIRED', 'certificate has expired'), /validity dates/],
    ['no client certificate (TLS 1.2)', socketError('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ssl3_read_bytes:sslv3 alert handshake failure'), /requires a client certificate/],
    ['no client certificate (TLS 1.3)', socketError('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'ssl3_read_bytes:tlsv13 alert certificate required'), /requires a client certificate/],
    ['a key of another certificate', socketError('ERR_OSSL_X509_KEY_VALUES_MISMATCH', 'error:05800074:x509 certificate routines::key values mismatch'), /client key does not belong/],
  ];
  for (const [what, error, pattern] of cases) {
    it(`${what}: kind tls, the cause named, the original text kept`, () => {
      for (const failure of [amqpError(error, 'broker:5671', mask), managementError(error, 'broker:15671', mask)]) {
        assert.equal(failure.kind, 'tls', failure.message);
        assert.match(failure.message, /the TLS handshake with broker:1?5671 failed: /);
        assert.match(failure.message, pattern);
        assert.ok(failure.message.includes(`(${error.message})`), failure.message);
      }
    });
  }

  it('a TLS failure of no known cause still says TLS and keeps the text', () => {
    const failure = amqpError(socketError('EPROTO', 'wrong version number'), 'broker:5671', mask);
    assert.equal(failure.kind, 'tls');
    assert.equal(failure.message, 'AMQP: the TLS handshake with broker:5671 failed (wrong version number)');
  });
});
