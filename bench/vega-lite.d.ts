// vega-lite names its type declarations only in its package.json `exports`, which voie's CommonJS resolution
// (`moduleResolution: node`) does not read; vega names them in `types` as well, so it needs no such line.
declare module 'vega-lite' {
  export * from 'vega-lite/build/index';
}
