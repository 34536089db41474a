import { randomBytes } from 'node:crypto';

/**
 * `voie secrets generate`: fresh secrets for a `.env` (docker-compose.yml's, or a checkout's), one `NAME=value` line
 * each, to append with `voie secrets generate >> .env`. Nothing is read or kept: each run prints new values, so run it
 * once per deployment, and never over a `.env` whose orders are still encrypted with its keys.
 */
export function generateSecrets(now: Date = new Date()): string {
  const lines = [
    `# Secrets from \`voie secrets generate\`, ${now.toISOString()}. Keep this file out of version control.`,
    '# The key the LOS sends as `Authorization: Bearer KEY` (tenant `default`; `TENANT:KEY,…` for more).',
    `VOIE_API_KEYS=voie_${randomBytes(32).toString('base64url')}`,
    '# Signs result deliveries (Standard Webhooks): give it to the LOS that verifies them.',
    `VOIE_CALLBACK_SECRET=whsec_${randomBytes(32).toString('base64')}`,
    '# Encrypts every payload voie puts into Temporal: losing it loses the open orders.',
    `VOIE_ENCRYPTION_KEY=${randomBytes(32).toString('base64')}`,
    "# Seals the applicant's SSN and date of birth inside payloads.",
    `VOIE_FIELD_KEY=${randomBytes(32).toString('base64')}`,
    "# The codec endpoint's credential (one key: compose's UI proxy sends it as a header).",
    `VOIE_CODEC_KEYS=voie_codec_${randomBytes(32).toString('base64url')}`,
    "# The password of docker-compose.yml's PostgreSQL (Temporal's databases).",
    `POSTGRES_PASSWORD=${randomBytes(24).toString('hex')}`,
  ];
  return `${lines.join('\n')}\n`;
}
