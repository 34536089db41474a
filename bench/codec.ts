/** The payload codec alone: AES-256-GCM encode and decode of 16 KiB payloads, as every Temporal payload pays. */
import { randomBytes } from 'node:crypto';
import { EncryptionCodec, encryptionKeyFromBase64 } from '../src/temporal/encryption-codec';
import type { Row } from './table';

export async function benchCodec(): Promise<Row[]> {
  const codec = new EncryptionCodec([encryptionKeyFromBase64(randomBytes(32).toString('base64'))]);
  const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: randomBytes(16 * 1024) };
  const rounds = 20_000;
  const started = performance.now();
  for (let i = 0; i < rounds; i += 1) await codec.decode(await codec.encode([payload]));
  const seconds = (performance.now() - started) / 1000;
  return [{ figure: 'payload codec, 16 KiB encode+decode (round trips/s)', value: rounds / seconds, better: 'higher' }];
}
