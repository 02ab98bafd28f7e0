// Reflection of a kernel's WGSL: its bindings (and so its bind group layout) and the byte offsets
// of its uniform struct's members. Nothing about a binding or an offset is written by hand on the
// TypeScript side: the WGSL is the single source of truth.

import { ResourceType, WgslReflect } from 'wgsl_reflect/wgsl_reflect.module.js';

export type BindingKind = 'uniform' | 'storage' | 'read-only-storage';

export interface BindingInfo {
  binding: number;
  /** The WGSL variable name; the engine binds buffers by this name. */
  name: string;
  kind: BindingKind;
}

export interface UniformLayout {
  /** Struct size in bytes (already a multiple of its alignment). */
  size: number;
  members: Record<string, { offset: number; type: 'u32' | 'f32' | 'i32' }>;
}

export interface KernelReflection {
  entryPoint: string;
  workgroupSize: [number, number, number];
  bindings: BindingInfo[];
  uniform: UniformLayout | null;
}

export function reflectKernel(code: string): KernelReflection {
  const r = new WgslReflect(code);
  const entry = r.entry.compute[0];
  if (!entry || r.entry.compute.length !== 1) throw new Error('each kernel file must have exactly one compute entry point');
  const groups = r.getBindGroups();
  if (groups.length !== 1) throw new Error(`kernels use bind group 0 only, found ${groups.length} groups`);
  const bindings: BindingInfo[] = [];
  let uniform: UniformLayout | null = null;
  groups[0].forEach((v, binding) => {
    if (!v) return;
    if (v.resourceType === ResourceType.Uniform) {
      bindings.push({ binding, name: v.name, kind: 'uniform' });
      const members: UniformLayout['members'] = {};
      for (const m of v.members ?? []) {
        const t = m.type.name;
        if (t !== 'u32' && t !== 'f32' && t !== 'i32') throw new Error(`uniform member ${m.name} has type ${t}; only scalars are supported`);
        members[m.name] = { offset: m.offset, type: t };
      }
      uniform = { size: v.size, members };
    } else if (v.resourceType === ResourceType.Storage) {
      bindings.push({ binding, name: v.name, kind: v.access === 'read' ? 'read-only-storage' : 'storage' });
    } else {
      throw new Error(`binding ${v.name}: only buffers are supported`);
    }
  });
  const ws = entry.workgroupSize ?? [1, 1, 1];
  return { entryPoint: entry.name, workgroupSize: [ws[0] ?? 1, ws[1] ?? 1, ws[2] ?? 1], bindings, uniform };
}

/** Packs `values` into a uniform buffer image at the reflected offsets; every member must be given. */
export function packUniform(layout: UniformLayout, values: Record<string, number>): ArrayBuffer {
  const buf = new ArrayBuffer(layout.size);
  const view = new DataView(buf);
  for (const [name, { offset, type }] of Object.entries(layout.members)) {
    const v = values[name];
    if (v === undefined) throw new Error(`uniform member ${name} has no value`);
    if (type === 'f32') view.setFloat32(offset, v, true);
    else if (type === 'u32') view.setUint32(offset, v >>> 0, true);
    else view.setInt32(offset, v | 0, true);
  }
  for (const name of Object.keys(values)) {
    if (!(name in layout.members)) throw new Error(`uniform has no member ${name}`);
  }
  return buf;
}

export interface StructLayout {
  /** Size in bytes (for a struct ending in a runtime-sized array: up to that array). */
  size: number;
  /** Byte offset and WGSL type name of each member. */
  members: Record<string, { offset: number; type: string }>;
}

/** The layout of `struct name` in `code`, from wgsl_reflect (WGSL's alignment rules, not a hand count). */
export function reflectStruct(code: string, name: string): StructLayout {
  const st = new WgslReflect(code).structs.find((x) => x.name === name);
  if (!st) throw new Error(`WGSL struct ${name} not found`);
  const members: StructLayout['members'] = {};
  for (const m of st.members) members[m.name] = { offset: m.offset, type: m.type.name };
  return { size: st.size, members };
}

/** The value of `const NAME: u32 = 123u;` in WGSL: tile sizes live in the shader, the host reads them. */
export function wgslConst(code: string, name: string): number {
  const m = new RegExp(`const\\s+${name}\\s*(?::\\s*\\w+)?\\s*=\\s*(\\d+)u?\\s*;`).exec(code);
  if (!m) throw new Error(`WGSL constant ${name} not found`);
  return Number(m[1]);
}
