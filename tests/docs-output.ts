// Tests may produce documentation (dashboard screenshots, reliability tables), but only when
// `npm run docs` asks for it: `npm test` must leave every tracked file as it found it.

/** True under `npm run docs` (BIGSTEP_DOCS=1), false under `npm test`. */
export const writingDocs = process.env.BIGSTEP_DOCS === '1';
