/**
 * A real, small, valid one-page PDF for the simulators' report PDFs: PDF 1.4, the standard Helvetica font (every
 * reader has it, so nothing is embedded), one uncompressed text stream and a correct cross-reference table. Written
 * by hand because it is ~60 lines and a PDF library would be a production dependency for a test double.
 */

/** US Letter, in points. */
const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 72;
const FONT_SIZE = 11;
const LEADING = 15;
/** What fits between the margins: further lines are dropped (the page is one page). */
const MAX_LINES = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LEADING);
/** Helvetica 11 pt averages ~5.5 pt a character: longer lines are cut rather than run off the page. */
const MAX_CHARACTERS = 85;

/**
 * A one-page PDF showing `lines` top to bottom. Characters outside Latin-1 print as `?` (the font's encoding is
 * WinAnsi); lines that do not fit are cut.
 */
export function renderReportPdf(lines: string[]): Buffer {
  const text = lines
    .slice(0, MAX_LINES)
    .map((line) => `(${pdfString(line.slice(0, MAX_CHARACTERS))}) Tj T*`)
    .join('\n');
  const content = `BT\n/F1 ${FONT_SIZE} Tf\n${LEADING} TL\n${MARGIN} ${PAGE_HEIGHT - MARGIN} Td\n${text}\nET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` +
      '/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];

  // The second line's bytes above 127 tell transfer tools the file is binary, as the specification advises.
  let pdf = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(pdf, 'latin1');
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, space and newline.
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** The body of a PDF literal string: backslash and parentheses escaped, control and non-Latin-1 characters as `?`. */
function pdfString(line: string): string {
  return line.replace(/[\\()]/g, (char) => `\\${char}`).replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}
