#!/usr/bin/env python3
"""Export small CNN-family blocks to ONNX together with PyTorch float64 input gradients.

Generates Tests/Data/Blocks/ (run from the repository root or anywhere):

    python3 tools/export_blocks.py

Written for Debian's python3-torch 1.13.1, python3-onnx 1.12 and python3-numpy.
Not run by CI: the outputs are committed and read by the C# tests.

For every block:
  * the model is built with torch.manual_seed(<block seed>), default init, with
    BatchNorm running statistics / affine parameters randomised so they are not trivial;
  * x is a seeded uniform [0, 1) image of shape [1, 3, H, W] (float32), saved as
    <block>.input.npy;
  * the float32 eval-mode model is exported with torch.onnx.export (dynamic H/W axes,
    do_constant_folding=True) as <block>_opset<V>.onnx;
  * the loss is L = mean(Y ** 2) over every element of the output Y (no border crop);
    dL/dx is computed with autograd in float64 (model.double(), x.double()) and saved as
    <block>_opset<V>.grad.npy (float64 [1, 3, H, W]);
  * blocks.json lists file, block, opset, input, gradient, loss, output, input_shape,
    output_shape and ops (sorted op types in the file).

Besides onnx.checker and strict shape inference, every exported graph is run by a small
numpy evaluator (run_onnx_numpy, float64) and compared with the torch forward pass, and
the float32 torch output / gradient are compared with the float64 ones.
"""

import copy
import json
import os
import sys
import warnings

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Tests", "Data", "Blocks")


# ---------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------

class ConvNeXt(nn.Module):
    """Stem (4x4 patchify) + one ConvNeXt block (dwconv7, LN, MLP with exact GELU, layer scale)."""

    def __init__(self, dim=16):
        super().__init__()
        self.stem = nn.Conv2d(3, dim, 4, stride=4)
        self.dwconv = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pwconv1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()  # approximate='none' -> Erf
        self.pwconv2 = nn.Linear(4 * dim, dim)
        self.gamma = nn.Parameter(0.5 + 0.1 * torch.randn(dim))

    def forward(self, x):
        x = self.stem(x)
        shortcut = x
        x = self.dwconv(x)
        x = x.permute(0, 2, 3, 1)  # NCHW -> NHWC
        x = self.norm(x)
        x = self.pwconv1(x)
        x = self.act(x)
        x = self.pwconv2(x)
        x = self.gamma * x
        x = x.permute(0, 3, 1, 2)  # NHWC -> NCHW
        return shortcut + x


def conv_bn(cin, cout, k, stride=1, groups=1, act=None):
    layers = [nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, groups=groups, bias=False),
              nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act)
    return nn.Sequential(*layers)


class SqueezeExcite(nn.Module):
    def __init__(self, c, r):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(c, r, 1)
        self.relu = nn.ReLU()
        self.fc2 = nn.Conv2d(r, c, 1)
        self.gate = nn.Hardsigmoid()

    def forward(self, x):
        s = self.gate(self.fc2(self.relu(self.fc1(self.pool(x)))))
        return x * s


class MobileNetV3(nn.Module):
    """Stem conv+BN+Hardswish, then an inverted residual with SE (Hardsigmoid gate)."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 16, 3, stride=2, act=nn.Hardswish())
        self.expand = conv_bn(16, 32, 1, act=nn.Hardswish())
        self.dw = conv_bn(32, 32, 3, groups=32, act=nn.Hardswish())
        self.se = SqueezeExcite(32, 8)
        self.project = conv_bn(32, 16, 1)

    def forward(self, x):
        x = self.stem(x)
        y = self.project(self.se(self.dw(self.expand(x))))
        return x + y


class ShuffleNetV2(nn.Module):
    """Stem conv+BN+ReLU, then a ShuffleNetV2 stride-1 unit (channel split, branch, concat, shuffle)."""

    def __init__(self, c=16):
        super().__init__()
        self.stem = conv_bn(3, c, 3, stride=2, act=nn.ReLU())
        h = c // 2
        self.branch = nn.Sequential(
            conv_bn(h, h, 1, act=nn.ReLU()),
            conv_bn(h, h, 3, groups=h),
            conv_bn(h, h, 1, act=nn.ReLU()),
        )

    @staticmethod
    def channel_shuffle(x, groups):
        b, c, h, w = x.shape  # taken from the tensor -> Shape/Gather in the graph
        x = x.view(b, groups, c // groups, h, w)
        x = x.transpose(1, 2).contiguous()
        return x.reshape(b, c, h, w)

    def forward(self, x):
        x = self.stem(x)
        c = x.shape[1] // 2  # split point computed from the tensor's shape at run time
        x1 = x[:, :c]
        x2 = x[:, c:]
        out = torch.cat((x1, self.branch(x2)), dim=1)
        return self.channel_shuffle(out, 2)


class FPN(nn.Module):
    """Two stages, lateral 1x1 convs, nearest top-down by size and a bilinear x2 branch."""

    def __init__(self):
        super().__init__()
        self.stage1 = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU())
        self.stage2 = nn.Sequential(nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU())
        self.lat1 = nn.Conv2d(8, 8, 1)
        self.lat2 = nn.Conv2d(16, 8, 1)
        self.smooth = nn.Conv2d(8, 8, 3, padding=1)
        self.head = nn.Conv2d(8, 8, 3, padding=1)

    def forward(self, x):
        c1 = self.stage1(x)   # [1, 8, H/2, W/2]
        c2 = self.stage2(c1)  # [1, 16, H/4, W/4]
        p2 = self.lat2(c2)
        p1 = F.interpolate(p2, size=c1.shape[-2:], mode="nearest") + self.lat1(c1)
        p1 = self.smooth(p1)
        # second top-down branch: bilinear x2 upsampling of p2 added to p1 (same size)
        up = F.interpolate(p2, scale_factor=2, mode="bilinear", align_corners=False)
        return self.head(p1 + up)


class Norms(nn.Module):
    """Conv -> InstanceNorm2d(affine) -> ReLU -> Conv -> GroupNorm(2, 8) -> SiLU."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.inorm = nn.InstanceNorm2d(8, affine=True)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.gnorm = nn.GroupNorm(2, 8)
        self.act = nn.SiLU()

    def forward(self, x):
        x = self.relu(self.inorm(self.conv1(x)))
        return self.act(self.gnorm(self.conv2(x)))


def randomise_norms(model):
    """Give BatchNorm / InstanceNorm / GroupNorm / LayerNorm non-trivial parameters and stats."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm2d, nn.InstanceNorm2d, nn.GroupNorm, nn.LayerNorm)):
                if getattr(m, "weight", None) is not None:
                    m.weight.uniform_(0.5, 1.5)
                if getattr(m, "bias", None) is not None:
                    m.bias.uniform_(-0.3, 0.3)
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.02, 0.2)


def scale_weights(model, gain):
    """Multiply Conv/Linear weights by `gain` (default init shrinks ReLU stacks)."""
    if gain == 1.0:
        return
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.weight.mul_(gain)


# name, constructor, seed, weight gain, opsets, H, W
# H != W on purpose (24 x 32): catches H/W mix-ups and keeps the data small.
# Both are multiples of 4, which the stride-4 stem and the FPN x2 upsampling need.
H_DEFAULT, W_DEFAULT = 24, 32
BLOCKS = [
    ("convnext", ConvNeXt, 1, 1.0, [13, 17], H_DEFAULT, W_DEFAULT),
    ("mobilenetv3", MobileNetV3, 2, 1.0, [13, 14], H_DEFAULT, W_DEFAULT),
    ("shufflenet", ShuffleNetV2, 3, 1.0, [13], H_DEFAULT, W_DEFAULT),
    ("fpn", FPN, 4, 2.0, [13, 17], H_DEFAULT, W_DEFAULT),
    ("norms", Norms, 5, 1.0, [13, 17], H_DEFAULT, W_DEFAULT),
]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

KINKS = {nn.ReLU: (0.0,), nn.Hardswish: (-3.0, 3.0), nn.Hardsigmoid: (-3.0, 3.0)}


def kink_distance_hooks(model):
    """Record the smallest distance of any piecewise-activation input to its kinks (float64 run).
    A tiny distance would make float32 and float64 gradients disagree discretely."""
    dist = [float("inf")]

    def hook(mod, inp, _out):
        for k in KINKS[type(mod)]:
            dist[0] = min(dist[0], (inp[0].detach() - k).abs().min().item())

    handles = [m.register_forward_hook(hook) for m in model.modules() if type(m) in KINKS]
    return dist, handles


def loss_fn(y):
    return (y ** 2).mean()


def op_types(model):
    ops = set()

    def walk(graph):
        for n in graph.node:
            ops.add(n.op_type)
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g)
                for g in a.graphs:
                    walk(g)

    walk(model.graph)
    return sorted(ops)


def producer_ops(graph, name, depth=0, seen=None):
    """Op types (recursively) that feed the tensor `name`; initializers shown as 'init'."""
    if seen is None:
        seen = set()
    if name in seen or depth > 12:
        return []
    seen.add(name)
    for init in graph.initializer:
        if init.name == name:
            return ["init"]
    for n in graph.node:
        if name in n.output:
            out = [n.op_type]
            if n.op_type == "Shape":  # stop: the shape of a run-time tensor
                return out
            for i in n.input:
                if i:
                    out += producer_ops(graph, i, depth + 1, seen)
            return out
    return []


def describe_split(model):
    """Describe how the channel split appears: Split nodes and Slice nodes with their start/end producers."""
    g = model.graph
    lines = []
    for n in g.node:
        if n.op_type == "Split":
            lines.append(f"  Split node {n.name}: inputs {list(n.input)}")
        if n.op_type == "Slice":
            parts = []
            for label, idx in (("starts", 1), ("ends", 2), ("axes", 3)):
                if len(n.input) > idx and n.input[idx]:
                    chain = producer_ops(g, n.input[idx])
                    parts.append(f"{label} <- {'/'.join(dict.fromkeys(chain)) or '?'}")
            lines.append(f"  Slice node {n.name}: " + "; ".join(parts))
    if not lines:
        lines.append("  no Split/Slice nodes")
    return lines


def save_npy(path, arr, dtype):
    arr = np.ascontiguousarray(np.asarray(arr, dtype=np.dtype(dtype).newbyteorder("<")))
    with open(path, "wb") as f:
        np.lib.format.write_array(f, arr, version=(1, 0), allow_pickle=False)


# ---------------------------------------------------------------------------
# Minimal numpy evaluator (onnx 1.12 has no reference evaluator and onnxruntime is
# not packaged in Debian): runs the exported graph in float64 so that the export
# itself is checked against the torch forward pass. Covers only the ops and
# attribute combinations these blocks produce; anything else raises.
# ---------------------------------------------------------------------------

def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, a):
    n, cin, h, wd = x.shape
    cout, cpg, kh, kw = w.shape
    g = a.get("group", 1)
    sh, sw = a.get("strides", [1, 1])
    dh, dw = a.get("dilations", [1, 1])
    pt, pl, pb, pr = a.get("pads", [0, 0, 0, 0])
    if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise NotImplementedError("Conv auto_pad")
    xp = np.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    oh = (h + pt + pb - dh * (kh - 1) - 1) // sh + 1
    ow = (wd + pl + pr - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((n, cout, oh, ow))
    opg = cout // g
    for gi in range(g):
        xs = xp[:, gi * cpg:(gi + 1) * cpg]
        ws = w[gi * opg:(gi + 1) * opg]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh, j * dw:j * dw + sw * (ow - 1) + 1:sw]
                y[:, gi * opg:(gi + 1) * opg] += np.einsum("nchw,oc->nohw", patch, ws[:, :, i, j])
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def _resize(x, roi, scales, sizes, a):
    mode = a.get("mode", b"nearest")
    ctm = a.get("coordinate_transformation_mode", b"half_pixel")
    if sizes is not None and sizes.size:
        out = [int(v) for v in sizes]
        sc = [o / i for o, i in zip(out, x.shape)]
    else:
        sc = [float(v) for v in scales]
        out = [int(np.floor(i * s)) for i, s in zip(x.shape, sc)]
    assert out[:2] == list(x.shape[:2])
    coords = []
    for ax in (2, 3):
        o = np.arange(out[ax], dtype=np.float64)
        if ctm == b"asymmetric":
            c = o / sc[ax]
        elif ctm == b"half_pixel":
            c = (o + 0.5) / sc[ax] - 0.5
        else:
            raise NotImplementedError(f"Resize coordinate_transformation_mode {ctm}")
        coords.append(c)
    if mode == b"nearest":
        if a.get("nearest_mode", b"round_prefer_floor") != b"floor":
            raise NotImplementedError("Resize nearest_mode")
        iy = np.clip(np.floor(coords[0]).astype(int), 0, x.shape[2] - 1)
        ix = np.clip(np.floor(coords[1]).astype(int), 0, x.shape[3] - 1)
        return x[:, :, iy][:, :, :, ix]
    if mode == b"linear":
        def taps(c, n):
            c = np.clip(c, 0, n - 1)
            i0 = np.floor(c).astype(int)
            i1 = np.minimum(i0 + 1, n - 1)
            return i0, i1, c - i0
        y0, y1, fy = taps(coords[0], x.shape[2])
        x0, x1, fx = taps(coords[1], x.shape[3])
        top = x[:, :, y0] * (1 - fy)[:, None] + x[:, :, y1] * fy[:, None]
        return top[:, :, :, x0] * (1 - fx) + top[:, :, :, x1] * fx
    raise NotImplementedError(f"Resize mode {mode}")


def _norm_last(x, axes, eps):
    mu = x.mean(axis=axes, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=axes, keepdims=True)
    return (x - mu) / np.sqrt(var + eps)


def run_onnx_numpy(model, x):
    """Evaluate `model` on x in float64 (integers stay int64). Returns the first output."""
    import math
    from onnx import numpy_helper
    env = {i.name: numpy_helper.to_array(i).astype(np.float64) if i.data_type == onnx.TensorProto.FLOAT
           else numpy_helper.to_array(i) for i in model.graph.initializer}
    env[model.graph.input[0].name] = np.asarray(x, dtype=np.float64)
    erf = np.vectorize(math.erf)
    for node in model.graph.node:
        a = _attrs(node)
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            v = numpy_helper.to_array(a["value"])
            r = v.astype(np.float64) if v.dtype == np.float32 else v
        elif op == "Conv":
            r = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a)
        elif op in ("Add", "Sub", "Mul", "Pow"):
            r = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Pow": np.power}[op](ins[0], ins[1])
        elif op == "Div":
            if np.issubdtype(ins[0].dtype, np.integer):
                r = np.trunc(ins[0] / ins[1]).astype(ins[0].dtype)  # ONNX integer Div truncates
            else:
                r = ins[0] / ins[1]
        elif op == "Relu":
            r = np.maximum(ins[0], 0)
        elif op == "Sigmoid":
            r = 1 / (1 + np.exp(-ins[0]))
        elif op == "Erf":
            r = erf(ins[0])
        elif op == "Sqrt":
            r = np.sqrt(ins[0])
        elif op == "HardSigmoid":
            r = np.clip(a.get("alpha", 0.2) * ins[0] + a.get("beta", 0.5), 0, 1)
        elif op == "HardSwish":
            r = ins[0] * np.clip(ins[0] / 6 + 0.5, 0, 1)
        elif op == "MatMul":
            r = np.matmul(ins[0], ins[1])
        elif op == "Transpose":
            r = np.transpose(ins[0], a["perm"])
        elif op == "ReduceMean":
            r = ins[0].mean(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))
        elif op == "GlobalAveragePool":
            r = ins[0].mean(axis=(2, 3), keepdims=True)
        elif op == "LayerNormalization":
            ax = a.get("axis", -1)
            axes = tuple(range(ax % ins[0].ndim, ins[0].ndim))
            r = _norm_last(ins[0], axes, a.get("epsilon", 1e-5)) * ins[1]
            if len(ins) > 2 and ins[2] is not None:
                r = r + ins[2]
        elif op == "InstanceNormalization":
            xx = ins[0]
            shp = (1, -1) + (1,) * (xx.ndim - 2)
            r = _norm_last(xx, tuple(range(2, xx.ndim)), a.get("epsilon", 1e-5)) * ins[1].reshape(shp) \
                + ins[2].reshape(shp)
        elif op == "Shape":
            r = np.array(ins[0].shape, dtype=np.int64)
        elif op == "Gather":
            r = np.take(ins[0], ins[1], axis=a.get("axis", 0))
        elif op == "Cast":
            to = a["to"]
            r = ins[0].astype({onnx.TensorProto.INT64: np.int64, onnx.TensorProto.FLOAT: np.float64,
                               onnx.TensorProto.DOUBLE: np.float64}[to])
        elif op == "Unsqueeze":
            r = ins[0]
            for ax in sorted(int(v) % (r.ndim + len(ins[1])) for v in ins[1]):
                r = np.expand_dims(r, ax)
        elif op == "Concat":
            r = np.concatenate(ins, axis=a["axis"])
        elif op == "Reshape":
            shp = [int(v) for v in ins[1]]
            shp = [ins[0].shape[i] if v == 0 else v for i, v in enumerate(shp)]
            r = ins[0].reshape(shp)
        elif op == "Slice":
            data, starts, ends = ins[0], ins[1], ins[2]
            axes = ins[3] if len(ins) > 3 and ins[3] is not None else np.arange(len(starts))
            steps = ins[4] if len(ins) > 4 and ins[4] is not None else np.ones(len(starts), np.int64)
            sl = [slice(None)] * data.ndim
            for s_, e_, ax, st in zip(starts, ends, axes, steps):
                dim = data.shape[int(ax)]
                s_, e_ = int(s_), int(e_)
                s_ = max(0, min(dim, s_ + dim if s_ < 0 else s_))
                e_ = max(0, min(dim, e_ + dim if e_ < 0 else e_))
                sl[int(ax)] = slice(s_, e_, int(st))
            r = data[tuple(sl)]
        elif op == "Resize":
            r = _resize(ins[0], ins[1], ins[2] if len(ins) > 2 else None, ins[3] if len(ins) > 3 else None, a)
        else:
            raise NotImplementedError(f"numpy evaluator: op {op}")
        env[node.output[0]] = r
    return env[model.graph.output[0].name]


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def main():
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    entries = []
    failures = []

    for name, ctor, seed, gain, opsets, H, W in BLOCKS:
        torch.manual_seed(seed)
        model = ctor()
        randomise_norms(model)
        scale_weights(model, gain)
        model.eval()

        gen = torch.Generator().manual_seed(1000 + seed)
        x32 = torch.rand(1, 3, H, W, generator=gen, dtype=torch.float32)
        input_file = f"{name}.input.npy"
        save_npy(os.path.join(OUT_DIR, input_file), x32.numpy(), np.float32)

        # float64 reference (same weights, x cast exactly from float32)
        m64 = copy.deepcopy(model).double().eval()
        x64 = x32.double().requires_grad_()
        kink, handles = kink_distance_hooks(m64)
        y64 = m64(x64)
        for h in handles:
            h.remove()
        loss64 = loss_fn(y64)
        (grad64,) = torch.autograd.grad(loss64, x64)

        # float32 sanity check against float64
        x32g = x32.clone().requires_grad_()
        y32 = model(x32g)
        loss32 = loss_fn(y32)
        (grad32,) = torch.autograd.grad(loss32, x32g)
        y_err = (y32.double() - y64).abs().max().item()
        g_rel = ((grad32.double() - grad64).abs().max() / grad64.abs().max()).item()
        y_rms = y64.pow(2).mean().sqrt().item()
        print(f"== {name}: x {list(x32.shape)} -> y {list(y64.shape)}, rms(y)={y_rms:.4f}, "
              f"L={loss64.item():.10g}, |y32-y64|max={y_err:.2e}, grad32 rel err={g_rel:.2e}, "
              f"|grad|max={grad64.abs().max().item():.3e}, min distance to a ReLU/hard-activation kink="
              f"{kink[0]:.2e}")
        if kink[0] < 1e-5:
            print(f"!! {name}: an activation input lies within 1e-5 of a kink", file=sys.stderr)
            failures.append((name, None, "activation input too close to a kink"))
        if y_err > 1e-4 * max(1.0, y64.abs().max().item()) or g_rel > 1e-3:
            print(f"!! {name}: float32 and float64 disagree more than expected", file=sys.stderr)
            failures.append((name, None, "float32/float64 mismatch"))

        for opset in opsets:
            file = f"{name}_opset{opset}.onnx"
            path = os.path.join(OUT_DIR, file)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    torch.onnx.export(
                        model, x32, path,
                        opset_version=opset,
                        input_names=["x"], output_names=["y"],
                        dynamic_axes={"x": {2: "H", 3: "W"}, "y": {2: "h", 3: "w"}},
                        do_constant_folding=True,
                    )
                m = onnx.load(path)
                onnx.checker.check_model(m, full_check=True)
                onnx.shape_inference.infer_shapes(m, check_type=True, strict_mode=True)
            except Exception as e:  # noqa: BLE001 - report and skip this combination
                msg = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
                print(f"   SKIP {file}: export/check failed: {msg}")
                failures.append((name, opset, msg))
                if os.path.exists(path):
                    os.remove(path)
                continue

            ops = op_types(m)
            # the export must compute the same function as the torch model
            try:
                y_onnx = run_onnx_numpy(m, x32.numpy())
                onnx_err = float(np.abs(y_onnx - y64.detach().numpy()).max()) \
                    if y_onnx.shape == tuple(y64.shape) else float("inf")
                print(f"   numpy evaluation of {file}: max |y_onnx - y_torch64| = {onnx_err:.2e}")
                if not onnx_err < 1e-4 * max(1.0, y64.abs().max().item()):
                    print(f"!! {file}: ONNX graph disagrees with torch", file=sys.stderr)
                    failures.append((name, opset, f"ONNX graph disagrees with torch ({onnx_err:.2e})"))
            except NotImplementedError as e:
                print(f"   (numpy evaluation of {file} skipped: {e})")
            grad_file = f"{name}_opset{opset}.grad.npy"
            save_npy(os.path.join(OUT_DIR, grad_file), grad64.detach().numpy(), np.float64)
            print(f"   {file} ({os.path.getsize(path)} B): {', '.join(ops)}")
            if name == "shufflenet":
                print("   channel split / shuffle in the graph:")
                for line in describe_split(m):
                    print("   " + line)
                for n in m.graph.node:
                    if n.op_type == "Reshape":
                        chain = producer_ops(m.graph, n.input[1])
                        print(f"     Reshape node {n.name}: shape <- {'/'.join(dict.fromkeys(chain))}")
            entries.append({
                "file": file,
                "block": name,
                "opset": opset,
                "input": input_file,
                "gradient": grad_file,
                "loss": float(loss64.item()),
                "output": "y",
                "input_shape": list(x32.shape),
                "output_shape": list(y64.shape),
                "ops": ops,
            })

    with open(os.path.join(OUT_DIR, "blocks.json"), "w") as f:
        json.dump(entries, f, indent=2)
        f.write("\n")

    total = sum(os.path.getsize(os.path.join(OUT_DIR, f)) for f in os.listdir(OUT_DIR))
    print(f"wrote {len(entries)} models to {OUT_DIR} ({total} bytes total)")
    if failures:
        print("failures / skipped:")
        for name, opset, msg in failures:
            print(f"  {name} opset {opset}: {msg}")


if __name__ == "__main__":
    main()
