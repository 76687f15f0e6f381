// vega-interpreter imports these from "vega-util"; the vega bundle on the page carries them.
const vega = globalThis.vega;
export const ascending = vega.ascending;
export const isString = vega.isString;
export const DisallowedObjectProperties = vega.DisallowedObjectProperties;
