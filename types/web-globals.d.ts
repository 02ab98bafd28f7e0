// The web-platform globals src/core uses that every place it runs has (browsers, Node >= 18, the
// dashboard's workers), declared for src/core/tsconfig.json alone: src/core is checked without the
// DOM and Node type libraries, which both declare these (the root tsconfig uses theirs).

declare function structuredClone<T>(value: T): T;

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
