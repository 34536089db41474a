import { Worker } from 'node:worker_threads';

/** What a PDF reader finds in a PDF. */
export interface PdfText {
  pages: number;
  text: string;
}

// Run as plain Node: pdf.js (inside pdf-parse) loads its worker with a dynamic `import()` of an ES module, which
// jest's CommonJS sandbox refuses ("without --experimental-vm-modules"); a worker thread is outside that sandbox.
const READER = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.parser);
(async () => {
  const parser = new PDFParse({ data: new Uint8Array(workerData.bytes) });
  try {
    const result = await parser.getText();
    parentPort.postMessage({ pages: result.total, text: result.text });
  } finally {
    await parser.destroy();
  }
})().catch((error) => parentPort.postMessage({ error: String(error && error.message ? error.message : error) }));
`;

/** Opens a PDF with pdf-parse (pdf.js) and reads its text back, as a user's PDF viewer would show it. */
export function pdfText(bytes: Buffer): Promise<PdfText> {
  const worker = new Worker(READER, { eval: true, workerData: { bytes, parser: require.resolve('pdf-parse') } });
  return new Promise<PdfText>((resolve, reject) => {
    worker.once('message', (message: PdfText | { error: string }) => {
      if ('error' in message) reject(new Error(`pdf-parse could not read the PDF: ${message.error}`));
      else resolve(message);
    });
    worker.once('error', reject);
  }).finally(() => void worker.terminate());
}
