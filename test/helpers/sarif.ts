import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';

/*
 * The SARIF 2.1.0 schema is draft-04, hence ajv-draft-04. ajv-formats is not installed, so
 * `format` keywords (uri, uri-reference, date-time) are not checked by ajv (validateFormats:
 * false); the tests check the URIs leakwatch writes with `new URL` instead.
 */
// A CommonJS module: under NodeNext the class is `.default`; some loaders hand it over directly.
type AjvClass = typeof AjvModule.default;
const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass);
const schema = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8')) as object;
// unicodeRegExp: false because the published schema's `language` pattern
// (^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$) has a stray `]`, which only a non-unicode RegExp accepts.
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);

/** Schema problems of a SARIF log ("" when valid). */
export function sarifProblems(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
