import type { Network } from "./classifier.js";

/**
 * Exports the classifier part of a built-in model (standardize → clip → dense layers → softmax)
 * as an ONNX model (opset 13), so any ONNX runtime at a station can serve it. Input `features`
 * [N, d] float32 (the model's feature vector), or with `imageInput` a pixel tensor `image`
 * [N, c, size, size] flattened in the graph; output `probabilities` [N, classes].
 * Written with a minimal protobuf encoder (onnx.proto3 field numbers), no dependency.
 */
export function exportOnnx(net: Network, opts: { producer?: string; docString?: string; imageInput?: { channels: number; size: number } } = {}): Uint8Array {
  const d = net.mean.length;
  const img = opts.imageInput;
  if (img && img.channels * img.size * img.size !== d) throw new RangeError(`image input ${img.channels}×${img.size}×${img.size} does not match ${d} inputs`);
  const classes = net.layers[net.layers.length - 1]!.outputs;
  const inits: Uint8Array[] = [
    tensor("mean", [d], net.mean),
    tensor("scale", [d], net.scale),
    tensor("clip_min", [], Float32Array.of(-6)),
    tensor("clip_max", [], Float32Array.of(6)),
  ];
  // An image-input model takes [N, c, size, size] and flattens it to the network's input vector.
  const nodes: Uint8Array[] = [...(img ? [node("Flatten", ["image"], ["features"], [intAttr("axis", 1)])] : []), node("Sub", ["features", "mean"], ["centred"]), node("Mul", ["centred", "scale"], ["standard"]), node("Clip", ["standard", "clip_min", "clip_max"], ["x0"])];
  let x = "x0";
  net.layers.forEach((l, k) => {
    inits.push(tensor(`W${k}`, [l.outputs, l.inputs], l.W), tensor(`b${k}`, [l.outputs], l.b));
    const z = `z${k}`;
    nodes.push(node("Gemm", [x, `W${k}`, `b${k}`], [z], [intAttr("transB", 1)]));
    if (k < net.layers.length - 1) {
      nodes.push(node("Relu", [z], [`x${k + 1}`]));
      x = `x${k + 1}`;
    } else x = z;
  });
  nodes.push(node("Softmax", [x], ["probabilities"], [intAttr("axis", 1)]));
  const graph = concat(
    ...nodes.map((n) => field(1, n)),
    str(2, "takt_inspection"),
    ...inits.map((t) => field(5, t)),
    field(11, img ? valueInfo("image", ["N", img.channels, img.size, img.size]) : valueInfo("features", ["N", d])),
    field(12, valueInfo("probabilities", ["N", classes])),
  );
  return concat(
    varintField(1, 8), // ir_version 8 (ONNX 1.13+)
    str(2, opts.producer ?? "takt"),
    field(7, graph),
    field(8, concat(str(1, ""), varintField(2, 13))), // opset_import: default domain, opset 13
    ...(opts.docString ? [str(6, opts.docString)] : []),
  );
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 127) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const key = (fieldNo: number, wire: number): number[] => varint(fieldNo * 8 + wire);
const varintField = (f: number, v: number): Uint8Array => Uint8Array.from([...key(f, 0), ...varint(v)]);
const field = (f: number, bytes: Uint8Array): Uint8Array => concat(Uint8Array.from([...key(f, 2), ...varint(bytes.length)]), bytes);
const str = (f: number, s: string): Uint8Array => field(f, new TextEncoder().encode(s));

function tensor(name: string, dims: number[], data: Float32Array): Uint8Array {
  const raw = new Uint8Array(data.length * 4);
  const dv = new DataView(raw.buffer);
  data.forEach((v, i) => dv.setFloat32(i * 4, v, true)); // ONNX raw_data is little-endian
  return concat(...dims.map((x) => varintField(1, x)), varintField(2, 1 /* FLOAT */), str(8, name), field(9, raw));
}

function intAttr(name: string, v: number): Uint8Array {
  return concat(str(1, name), varintField(3, v), varintField(20, 2 /* INT */));
}

function node(op: string, inputs: string[], outputs: string[], attrs: Uint8Array[] = []): Uint8Array {
  return concat(...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, `${op}_${outputs[0]}`), str(4, op), ...attrs.map((a) => field(5, a)));
}

function valueInfo(name: string, shape: (number | string)[]): Uint8Array {
  const dims = shape.map((s) => field(1, typeof s === "number" ? varintField(1, s) : str(2, s)));
  const tensorType = concat(varintField(1, 1 /* FLOAT */), field(2, concat(...dims)));
  return concat(str(1, name), field(2, field(1, tensorType)));
}
