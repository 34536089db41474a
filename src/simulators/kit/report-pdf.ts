/**
 * A real, small, one-page PDF 1.4 of text lines, as the simulators serve for a report: the standard Helvetica font
 * (nothing embedded), one uncompressed text stream, and a correct cross-reference table, so any PDF reader opens it.
 * Hand-written because a PDF library would be a dependency for a dozen lines of fixture.
 */
export function renderReportPdf(lines: string[]): Buffer {
  const text = lines.map((line, index) => `${index === 0 ? '' : 'T* '}(${escapePdfText(line)}) Tj`).join('\n');
  const content = `BT\n/F1 11 Tf\n14 TL\n72 720 Td\n${text}\nET\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A PDF string literal's text: backslashes and parentheses escaped, anything outside Latin-1 as `?`. */
function escapePdfText(line: string): string {
  return line.replace(/[\\()]/g, (char) => `\\${char}`).replace(/[^\x20-\xff]/g, '?');
}
