import pino from 'pino';
import { redactSsn } from './redact';

export type Logger = pino.Logger;

/** Keys whose values never reach a log line. */
const REDACTED_KEYS = [
  'ssn',
  'social_security_number',
  'date_of_birth',
  'authorization',
  'token',
  'secret',
  'apiKey',
  'password',
];

/**
 * Structured JSON logs. Secrets and personal fields are masked wherever they sit in a logged object, and anything
 * shaped like an SSN is masked inside free text too (provider error bodies echo requests).
 */
export function createLogger(level: pino.LevelWithSilent = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'voie' },
      redact: {
        paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? redactSsn(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
      serializers: { err: (err: Error) => ({ type: err.name, message: redactSsn(err.message) }) },
    },
    destination,
  );
}
