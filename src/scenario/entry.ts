// An identified document, as every reader receives it, and how a document is named in messages.
import type { Checker } from './checker.js';
import type { KindDef } from './kinds.js';
import type { SourceRef } from './model.js';
import { type RawDoc, SET_FILE } from './set.js';

export interface Entry {
  raw: RawDoc;
  kind: string;
  apiVersion: string;
  def: KindDef;
  namespace?: string;
  name?: string;
  source: SourceRef;
  c: Checker;
}

export function where(s: SourceRef): string {
  return s.file === SET_FILE ? 'created by --set' : `${s.file}, document ${s.document}`;
}
