// The quick way to read an environment file. The yaml library is the authority on YAML here:
// its errors and its positions are the ones we print. But composing its document costs 0.7 to
// 0.8 s of CPU for a 300 KB file, where js-yaml's event parser takes 0.2 s. So a document that
// uses only the constructs on which the two agree (mappings, sequences and scalars, without
// anchors, aliases, tags or directives, with keys that are strings) is read by js-yaml, with
// YAML 1.2's core schema as the yaml library uses it; any other document, and any document
// js-yaml refuses, goes to the yaml library. test/plain-yaml.test.ts holds the two to the same
// data.
import { constructFromEvents, CORE_SCHEMA, EVENT_ID, getScalarValue, NOT_RESOLVED, nullCoreTag, parseEvents, SCALAR_STYLE } from 'js-yaml';
import type { Event } from 'js-yaml';

/** where the events stand: a document, or a collection and whether its next item is a key */
interface Frame {
  readonly mapping: boolean;
  /** the depth of this node: the document's content is at 1 */
  readonly depth: number;
  /** in a mapping, whether the next event is a key */
  atKey: boolean;
}

/**
 * The data of a document made only of plain constructs, read quickly; undefined when the
 * document needs the yaml library (another construct, a syntax error, nesting deeper than
 * maxDepth, no document or more than one).
 */
export function readPlainYaml(text: string, maxDepth: number): { data: unknown } | undefined {
  let events: Event[];
  try {
    // its own depth limit a little above ours, so a deep document fails here quickly or is refused below
    events = parseEvents(text, { maxDepth: maxDepth + 2 });
  } catch {
    return undefined;
  }
  if (!onlyPlainConstructs(text, events, maxDepth)) return undefined;
  try {
    return { data: constructFromEvents(events, { source: text, schema: CORE_SCHEMA })[0] };
  } catch {
    // a duplicate key, for one: the yaml library says where
    return undefined;
  }
}

function onlyPlainConstructs(text: string, events: readonly Event[], maxDepth: number): boolean {
  const frames: Frame[] = [];
  let documents = 0;
  let nodes = 0;
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      documents++;
      if (documents > 1 || event.directives.length > 0) return false;
      frames.push({ mapping: false, depth: 0, atKey: false });
      continue;
    }
    if (event.type === EVENT_ID.POP) {
      frames.pop();
      continue;
    }
    // an alias needs the yaml library's checks (an anchor defined before it, a cap on expansion)
    if (event.type === EVENT_ID.ALIAS) return false;
    if (event.anchorStart !== -1 || event.tagStart !== -1) return false;
    const parent = frames.at(-1);
    if (parent === undefined) return false;
    const depth = parent.depth + 1;
    if (depth > maxDepth) return false;
    nodes++;
    const isKey = parent.mapping && parent.atKey;
    if (parent.mapping) parent.atKey = !parent.atKey;
    if (event.type === EVENT_ID.SCALAR) {
      // a plain null key: the yaml library makes it "" and js-yaml "null"
      if (isKey && event.style === SCALAR_STYLE.PLAIN && nullCoreTag.resolve(getScalarValue(text, event), false, nullCoreTag.tagName) !== NOT_RESOLVED) return false;
      continue;
    }
    // a collection as a key: the two write it as different strings
    if (isKey) return false;
    frames.push({ mapping: event.type === EVENT_ID.MAPPING, depth, atKey: true });
  }
  // an empty document (nothing, or only comments) is reported by the yaml library's path
  return documents === 1 && nodes > 0;
}
