import type * as Avsc from 'avsc';
import type * as Protobuf from 'protobufjs';

/**
 * `avsc` and `protobufjs`, loaded the first time a topic needs one and never at activation. The extension
 * bundle resolves these imports to separately bundled copies (see scripts/build.mjs).
 */
export interface SchemaLibraries {
  avsc?: typeof Avsc;
  protobuf?: typeof Protobuf;
}

let avsc: Promise<typeof Avsc> | undefined;
let protobuf: Promise<typeof Protobuf> | undefined;

export function loadAvsc(): Promise<typeof Avsc> {
  avsc ??= import('avsc');
  return avsc;
}

export function loadProtobuf(): Promise<typeof Protobuf> {
  protobuf ??= import('protobufjs');
  return protobuf;
}
