// wgsl_reflect's package "main" is CommonJS under "type": "module", so code imports its ES module
// file directly; this gives that path the package's own type declarations.
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
