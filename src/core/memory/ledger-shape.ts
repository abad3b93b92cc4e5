// The ledger's shape, checked by hand: the plugin reads the ledger on every checkpoint, and a schema
// library would be most of the plugin's main.js (see docs/architecture.md, "Bundle"). Like the schema it
// replaces, it keeps only the known keys and names the first field that is wrong.
type Field = 'string' | 'number' | 'string[]' | 'one' | 'string?';
type Shape = Record<string, Field>;

const ITEM: Shape = { path: 'string', hash: 'string', text: 'string', kind: 'string', thread: 'string', checkpoint: 'string', at: 'string' };
const SESSION: Shape = { note: 'string', checkpoint: 'string', at: 'string', turns: 'number', started: 'string?' };
const CHECKPOINT: Shape = { id: 'string', thread: 'string', at: 'string', notes: 'string[]' };

export class ShapeError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(detail);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function field(value: unknown, type: Field, at: string): unknown {
  const ok =
    type === 'string' || type === 'string?'
      ? typeof value === 'string' || (type === 'string?' && value === undefined)
      : type === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : type === 'one'
          ? value === 1
          : Array.isArray(value) && value.every((s) => typeof s === 'string');
  if (!ok) throw new ShapeError(at, `expected ${type === 'one' ? 'version 1' : type.replace('?', '')}, received ${describe(value)}`);
  return type === 'string[]' ? [...(value as string[])] : value;
}

function record(value: unknown, shape: Shape, at: string): Record<string, unknown> {
  if (!isObject(value)) throw new ShapeError(at, `expected object, received ${describe(value)}`);
  const out: Record<string, unknown> = {};
  for (const [key, type] of Object.entries(shape)) {
    const v = field(value[key], type, at ? `${at}.${key}` : key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function map(value: unknown, shape: Shape, at: string): Record<string, unknown> {
  if (!isObject(value)) throw new ShapeError(at, `expected object, received ${describe(value)}`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, record(v, shape, `${at}.${k}`)]));
}

/** The ledger's known fields, or a ShapeError naming the first wrong one. */
export function checkLedgerShape(data: unknown): unknown {
  const top = record(data, { version: 'one', lastTx: 'string?' }, '');
  const root = data as Record<string, unknown>;
  if (!Array.isArray(root.checkpoints)) throw new ShapeError('checkpoints', `expected array, received ${describe(root.checkpoints)}`);
  return {
    version: top.version,
    sessions: map(root.sessions, SESSION, 'sessions'),
    items: map(root.items, ITEM, 'items'),
    checkpoints: root.checkpoints.map((c, i) => record(c, CHECKPOINT, `checkpoints.${i}`)),
    ...(top.lastTx !== undefined ? { lastTx: top.lastTx } : {}),
  };
}
