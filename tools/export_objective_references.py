#!/usr/bin/env python3
"""PyTorch float64 references for `deepdream gradient` with each objective, on the tiny classifier.

    /usr/bin/python3 tools/export_objective_references.py

Written for Debian's python3-torch 1.13, python3-onnx 1.12, python3-numpy and python3-pil.
Not run by CI: the outputs are committed and read by Tests/Objectives/ObjectiveReferenceTests.cs.

The network is rebuilt in PyTorch from the weights stored in
Tests/Data/Classifier/tiny-classifier.onnx (tools/export_classifier.py), so the reference does
not depend on the ONNX graph or on the engine. Writes to Tests/Data/Classifier/:
  * cat-64.png: a 64x64 crop of Tests/Data/chelsea.png, the image that is differentiated;
  * astronaut-80x48.png: an 80x48 crop of Tests/Data/astronaut.png, the guide image;
  * objective-<case>.grad.npy: dLoss/dx as float32 [3, 64, 64], x = the PNG's RGB / 255;
  * objectives.json: per case, the `deepdream gradient` options, the gradient file and the loss.

The loss is computed as the engine defines it: a model file without a catalog entry gets
ImageNet's mean and std in front; activations leave out a border of 2 pixels; a layer term is
mean(A^2), a channel term the mean of the chosen channels before the layer's ReLU, a class term the logit, a guide
term the mean over positions of the largest dot product with any of the guide's feature
vectors (the guide's whole feature map, computed once, a constant); terms are weighted and summed.
"""

import json
import os

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "Tests", "Data")
OUT = os.path.join(DATA, "Classifier")
BORDER = 2
MEAN = torch.tensor([0.485, 0.456, 0.406], dtype=torch.float64).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225], dtype=torch.float64).view(1, 3, 1, 1)
RELU1 = "/features/features.1/Relu_output_0"
RELU2 = "/features/features.3/Relu_output_0"
JELLYFISH = 107


def weights():
    model = onnx.load(os.path.join(OUT, "tiny-classifier.onnx"))
    return {t.name: torch.tensor(numpy_helper.to_array(t), dtype=torch.float64) for t in model.graph.initializer}


W = weights()


def forward(x):
    """The tensors the objectives read, for x = RGB in [0, 1], [1, 3, H, W] float64."""
    x = (x - MEAN) / STD
    pre1 = F.conv2d(x, W["features.0.weight"], W["features.0.bias"], stride=2, padding=1)
    relu1 = F.relu(pre1)
    pre2 = F.conv2d(relu1, W["features.2.weight"], W["features.2.bias"], stride=2, padding=1)
    relu2 = F.relu(pre2)
    logits = relu2.mean(dim=(2, 3)) @ W["head.weight"].T + W["head.bias"]
    return {RELU1: relu1, RELU2: relu2, before_relu(RELU1): pre1, before_relu(RELU2): pre2, "logits": logits}


def before_relu(tensor):
    return tensor + " before its ReLU"


def crop(a):
    h, w = a.shape[2], a.shape[3]
    return a[:, :, BORDER:h - BORDER, BORDER:w - BORDER] if h > 2 * BORDER and w > 2 * BORDER else a


def read_png(name):
    rgb = np.asarray(Image.open(os.path.join(OUT, name)).convert("RGB"), dtype=np.float64) / 255.0
    return torch.tensor(rgb.transpose(2, 0, 1)[None].copy())


def write_crop(source, box, name):
    Image.open(os.path.join(DATA, source)).convert("RGB").crop(box).save(os.path.join(OUT, name))


def layer(tensor):
    return lambda f: (crop(f[tensor]) ** 2).mean()


def channels(tensor, chosen):
    return lambda f: crop(f[before_relu(tensor)])[:, chosen].mean()


def klass(index):
    return lambda f: f["logits"][0, index]


def guide(tensor, guide_png):
    with torch.no_grad():
        y = forward(read_png(guide_png))[tensor]
    y = y.reshape(y.shape[1], -1)  # [C, M]: every position of the guide, no border left out

    def term(f):
        a = crop(f[tensor])
        x = a.reshape(a.shape[1], -1).T  # [P, C]
        return (x @ y).max(dim=1).values.mean()
    return term


def main():
    write_crop("chelsea.png", (120, 40, 184, 104), "cat-64.png")
    write_crop("astronaut.png", (170, 60, 250, 108), "astronaut-80x48.png")
    guide_png = "astronaut-80x48.png"
    cases = [
        ("layer", ["--layers", RELU1], [(1.0, layer(RELU1))]),
        ("channels", ["--channel", f"{RELU2}:3,5"], [(1.0, channels(RELU2, [3, 5]))]),
        ("class", ["--class", "jellyfish"], [(1.0, klass(JELLYFISH))]),
        ("guide", ["--guide", guide_png, "--guide-layer", RELU2], [(1.0, guide(RELU2, guide_png))]),
        ("sum", ["--layers", f"{RELU1}=0.5", "--class", str(JELLYFISH), "--channel", f"{RELU2}:7", "--guide", guide_png, "--guide-layer", RELU1],
         [(0.5, layer(RELU1)), (1.0, klass(JELLYFISH)), (1.0, channels(RELU2, [7])), (1.0, guide(RELU1, guide_png))]),
    ]
    manifest = []
    for name, args, terms in cases:
        x = read_png("cat-64.png").requires_grad_(True)
        features = forward(x)
        loss = sum(w * t(features) for w, t in terms)
        gradient, = torch.autograd.grad(loss, x)
        file = f"objective-{name}.grad.npy"
        np.save(os.path.join(OUT, file), gradient[0].numpy().astype(np.float32))
        manifest.append({"name": name, "args": ["--model", "tiny-classifier.onnx"] + args, "image": "cat-64.png",
                         "gradient": file, "loss": loss.item()})
        print(f"{name}: loss {loss.item():.9g}, |gradient| {gradient.norm().item():.6g}")
    with open(os.path.join(OUT, "objectives.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
