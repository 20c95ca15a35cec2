// A KooDrive app-auth signer written from the spec's text alone (the `koodriveAppAuth` security
// scheme of spec/koodrive-tasks.yaml: its description and `x-koodrive-signing`), with node's crypto
// and nothing else, to show a team in another language can implement the signature.
// Usage: node signer.js <bundled spec JSON> <signing vectors JSON>
// Prints a JSON object: vector name -> the fields this signer computes differently (empty: all pass).
import { createHash, createHmac } from 'crypto';
import { readFileSync } from 'fs';

declare const process: { argv: string[]; stdout: { write(s: string): void } };

interface Vector {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  app_id: string;
  app_secret: string;
  canonical_request: string;
  string_to_sign: string;
  signature: string;
  authorization: string;
}

// "each segment percent-encoded with only the unreserved characters left plain"
const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

function encode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && UNRESERVED.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

// Percent-decode to bytes; in a query a `+` is a space (form encoding).
function decode(text: string, plusIsSpace: boolean): Buffer {
  const raw = Buffer.from(plusIsSpace ? text.replace(/\+/g, ' ') : text, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const hex = raw.subarray(i + 1, i + 3).toString('latin1');
    if (raw[i] === 0x25 && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(raw[i]);
    }
  }
  return Buffer.from(out);
}

// "the path (normalised per RFC 3986, each segment percent-encoded ..., a trailing `/`)"
function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const part of path.split('/')) {
    const segment = encode(decode(part, false));
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return '/' + segments.map((s) => s + '/').join('');
}

// "the query (pairs sorted by decoded name then value, then encoded the same way)"
function canonicalQuery(query: string): string {
  const pairs = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [decode(p, true), Buffer.alloc(0)] : [decode(p.slice(0, eq), true), decode(p.slice(eq + 1), true)];
    });
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]) || Buffer.compare(a[1], b[1]));
  return pairs.map(([n, v]) => `${encode(n)}=${encode(v)}`).join('&');
}

function sha256(data: string): string {
  return createHash('sha256').update(Buffer.from(data, 'utf8')).digest('hex');
}

function splitUrl(url: string): { path: string; query: string } {
  const afterScheme = url.slice(url.indexOf('://') + 3);
  const slash = afterScheme.indexOf('/');
  const rest = slash < 0 ? '/' : afterScheme.slice(slash);
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, query: '' } : { path: rest.slice(0, q), query: rest.slice(q + 1) };
}

function header(headers: Record<string, string>, name: string): string {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  if (key === undefined) throw new Error(`no ${name} header to sign`);
  return headers[key].trim();
}

function sign(v: Vector, algorithm: string, signed: string[]): Omit<Vector, 'name' | 'method' | 'url' | 'headers' | 'body' | 'app_id' | 'app_secret'> {
  const { path, query } = splitUrl(v.url);
  const canonical = [
    v.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    signed.map((h) => `${h}:${header(v.headers, h)}\n`).join(''),
    signed.join(';'),
    sha256(v.body),
  ].join('\n');
  const toSign = `${algorithm}\n${sha256(canonical)}`;
  const signature = createHmac('sha256', Buffer.from(v.app_secret, 'utf8')).update(Buffer.from(toSign, 'utf8')).digest('hex');
  return {
    canonical_request: canonical,
    string_to_sign: toSign,
    signature,
    authorization: `${algorithm} AppId=${v.app_id},SignedHeaders=${signed.join(';')},Signature=${signature}`,
  };
}

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const facts = spec.components.securitySchemes.koodriveAppAuth['x-koodrive-signing'];
const vectors: Vector[] = JSON.parse(readFileSync(process.argv[3], 'utf8')).vectors;
const failures: Record<string, string[]> = {};
for (const v of vectors) {
  const got = sign(v, facts.algorithm, facts.signedHeaders) as Record<string, string>;
  const wrong = Object.keys(got).filter((k) => got[k] !== (v as unknown as Record<string, string>)[k]);
  if (wrong.length > 0) failures[v.name] = wrong;
}
process.stdout.write(JSON.stringify({ checked: vectors.length, failures }));
