// The fast path for reading YAML: js-yaml with the YAML 1.2 core schema (≈ 0.35 s cold for the 1.4 MB example
// snapshot, where the `yaml` package takes ≈ 1.3 s). Its values are the ones `parseAllDocuments(text).toJS()` gives,
// checked by test/unit/yaml-fast-path.test.ts. The `yaml` package stays the reader that reports errors with line and
// column, so anything js-yaml rejects goes there, and so does every text where the two could disagree: anchors,
// aliases and tags (`yaml` caps alias expansion, js-yaml does not), merge keys `<<` (not in CORE_SCHEMA),
// directives (`%YAML 1.1` switches `yaml` to the 1.1 schema), complex and null keys, and numbers too large for a double
// (`yaml` gives Infinity, js-yaml a string). Duplicate keys make js-yaml throw, so they go to `yaml` too.
import { CORE_SCHEMA, loadAll } from 'js-yaml';

/** An anchor, alias, tag or complex key at the start of a node (conservative: a false match only costs time). */
const NODE_PROPERTY = /(?:^|[\s[\]{},:?-])[&*!?]/m;
/** A null key (`yaml` names it '', js-yaml 'null'); conservative: `a : b` matches too. */
const NULL_KEY = /(?:^|[\s[{,-])(?:~|[Nn]ull|NULL)?:(?:[\s,\]}]|$)/m;
/** A merge key, a directive, or digits that overflow a double (a value, or a key: `yaml` names it 'Infinity'). */
const OTHER = /<<|^%|[0-9a-fA-F]{250}|[0-9]{300}|(?:^|[\s[{,:])[-+]?[0-9.]+[eE]\+?[0-9]{3,}(?:[\s,:\]}]|$)/m;

/** The documents' values as `parseAllDocuments(text).map((d) => d.toJS())` gives them, or undefined. */
export function parseYamlFast(text: string): unknown[] | undefined {
  if (NODE_PROPERTY.test(text) || NULL_KEY.test(text) || OTHER.test(text)) return undefined;
  try {
    return loadAll(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
}
