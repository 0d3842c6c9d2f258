#!/usr/bin/python3
"""Checks `deepdream gradient` on whole torchvision classifiers exported by PyTorch's own exporter.

Each architecture is built with random weights (nothing is downloaded), exported with its
logits and one middle feature map `y` as outputs (symbolic H and W), and dreamed at `y` by the
CLI (ImageNet mean/std preprocessing, border 0). The CLI's dLoss/dImage is compared with
PyTorch's float64 autograd of mean(y^2) on the same 8-bit image. The models are too large to
keep in the repository: they go to a scratch folder. Not run by CI.

    /usr/bin/python3 tools/check_torchvision.py [--cli Cli/bin/Release/net10.0/deepdream] [--opset 13] [ARCH ...]

Needs Debian's python3-torch, python3-torchvision, python3-onnx and python3-numpy.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import torch
import torchvision
from PIL import Image

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)

# Architecture -> (constructor, the module whose output is dreamed, image size).
ARCHITECTURES = {
    "mobilenet_v3_small": (torchvision.models.mobilenet_v3_small, lambda m: m.features[6], 224),
    "shufflenet_v2_x0_5": (torchvision.models.shufflenet_v2_x0_5, lambda m: m.stage3, 224),
    "convnext_tiny": (torchvision.models.convnext_tiny, lambda m: m.features[4], 224),
    "efficientnet_b0": (torchvision.models.efficientnet_b0, lambda m: m.features[5], 224),
    "regnet_y_400mf": (torchvision.models.regnet_y_400mf, lambda m: m.trunk_output.block3, 224),
    "mnasnet0_5": (torchvision.models.mnasnet0_5, lambda m: m.layers[10], 224),
    "squeezenet1_1": (torchvision.models.squeezenet1_1, lambda m: m.features[9], 224),
    "densenet121": (torchvision.models.densenet121, lambda m: m.features.denseblock2, 224),
    "googlenet": (lambda: torchvision.models.googlenet(aux_logits=False, init_weights=True), lambda m: m.inception4c, 224),
    "resnet50": (torchvision.models.resnet50, lambda m: m.layer3, 224),
    "inception_v3": (lambda: torchvision.models.inception_v3(aux_logits=False, init_weights=True), lambda m: m.Mixed_6c, 299),
}


class WithFeature(torch.nn.Module):
    """The classifier, returning the chosen module's output as well as the logits."""

    def __init__(self, model, layer):
        super().__init__()
        self.model = model
        self.captured = None
        layer.register_forward_hook(lambda _m, _i, out: setattr(self, "captured", out))

    def forward(self, x):
        logits = self.model(x)
        return self.captured, logits


def check(arch, cli, opset, scratch):
    make, layer_of, size = ARCHITECTURES[arch]
    torch.manual_seed(0)
    model = make().eval()
    wrapped = WithFeature(model, layer_of(model)).eval()

    rng = np.random.default_rng(1)
    pixels = (rng.random((size, size, 3)) * 255).astype(np.uint8)
    png = os.path.join(scratch, f"{arch}.png")
    Image.fromarray(pixels).save(png)
    x01 = torch.from_numpy(pixels.astype(np.float64) / 255).permute(2, 0, 1).unsqueeze(0)

    onnx_path = os.path.join(scratch, f"{arch}.onnx")
    with torch.no_grad():
        torch.onnx.export(wrapped, ((x01.float() - MEAN) / STD,), onnx_path, opset_version=opset,
                          input_names=["x"], output_names=["y", "logits"],
                          dynamic_axes={"x": {2: "H", 3: "W"}})

    wrapped.double()
    x = x01.clone().requires_grad_()
    y, _ = wrapped((x - MEAN.double()) / STD.double())
    loss = (y ** 2).mean()
    loss.backward()
    expected = x.grad[0].numpy()

    npy = os.path.join(scratch, f"{arch}.npy")
    run = subprocess.run([cli, "gradient", png, "-o", npy, "--model", onnx_path, "--layers", "y", "--border", "0"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return f"{arch}: deepdream failed: {run.stderr.strip()}"
    actual = np.load(npy).astype(np.float64)
    cosine = float((actual * expected).sum() / np.sqrt((actual ** 2).sum() * (expected ** 2).sum()))
    rel_l2 = float(np.sqrt(((actual - expected) ** 2).sum() / (expected ** 2).sum()))
    ops = sorted({n.op_type for n in __import__("onnx").load(onnx_path).graph.node})
    return f"{arch} (opset {opset}, {len(ops)} op types): cosine {cosine:.8f}, relative L2 {rel_l2:.2e}, loss {loss.item():.6e}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("architectures", nargs="*", default=list(ARCHITECTURES))
    parser.add_argument("--cli", default="Cli/bin/Release/net10.0/deepdream")
    parser.add_argument("--opset", type=int, default=13)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    with tempfile.TemporaryDirectory() as scratch:
        for arch in args.architectures:
            print(check(arch, os.path.abspath(args.cli), args.opset, scratch), flush=True)


if __name__ == "__main__":
    sys.exit(main())
