import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** The pages a reader walks: the README, the changelog and every page of `docs/`. */
const PAGES = [
  'README.md',
  'CHANGELOG.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name)),
];

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The lines of a page outside fenced code blocks, where a `#` or `](` is prose, not code. */
function proseLines(text: string): string[] {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    return !fenced && !/^\s*```/.test(line);
  });
}

/** A page's anchors, a repeated heading's numbered as GitHub numbers them (`-1`, `-2`). */
function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of proseLines(readFileSync(join(ROOT, file), 'utf8'))) {
    const heading = /^#{1,6} (.+)$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every relative link of a page (`[text](target)`), outside code blocks and code spans. */
function relativeLinks(file: string): string[] {
  const links: string[] = [];
  for (const line of proseLines(readFileSync(join(ROOT, file), 'utf8'))) {
    for (const match of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1]!;
      if (!/^[a-z]+:/i.test(target)) links.push(target);
    }
  }
  return links;
}

/** What is wrong with one link of `file`, or null: a file that does not exist, an anchor its page lacks. */
function brokenLink(file: string, target: string): string | null {
  const [path = '', anchor] = target.split('#');
  const linked = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), path);
  // The shared contract lives beside the repository, not in it: a link out of the repository is not checked here.
  if (relative(ROOT, linked).startsWith('..')) return null;
  if (!existsSync(linked)) return `${file}: ${target}: no such file`;
  if (anchor === undefined || !linked.endsWith('.md')) return null;
  return anchorsOf(relative(ROOT, linked)).has(anchor) ? null : `${file}: ${target}: no such heading`;
}

describe('the documentation', () => {
  it('links only to files and headings that exist', () => {
    const links = PAGES.flatMap((file) => relativeLinks(file).map((target) => ({ file, target })));
    expect(links.length).toBeGreaterThan(50);
    expect(links.map(({ file, target }) => brokenLink(file, target)).filter(Boolean)).toEqual([]);
  });

  it('makes anchors as GitHub does', () => {
    expect(slug('Result delivery (voie → LOS)')).toBe('result-delivery-voie--los');
    expect(slug('What `npm start` runs')).toBe('what-npm-start-runs');
    expect(slug('Instant first, and named waterfalls')).toBe('instant-first-and-named-waterfalls');
  });

  it('links every page of docs/ from the README', () => {
    const fromReadme = new Set(relativeLinks('README.md').map((target) => target.split('#')[0]));
    expect(PAGES.filter((page) => page !== 'README.md' && !fromReadme.has(page))).toEqual([]);
  });
});
