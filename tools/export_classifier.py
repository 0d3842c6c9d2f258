#!/usr/bin/env python3
"""Export a tiny ImageNet-shaped classifier for the class-objective tests, and ImageNet's class names.

    /usr/bin/python3 tools/export_classifier.py

Written for Debian's python3-torch 1.13, python3-torchvision 0.14 and python3-onnx 1.12.
Not run by CI: the outputs are committed.

Writes
  * Tests/Data/Classifier/tiny-classifier.onnx: two strided 3x3 convolutions with ReLU, global
    average pooling and a 1000-way linear head (seeded random weights), ending in the logits;
  * Tests/Data/Classifier/tiny-classifier-softmax.onnx: the same network ending in a Softmax,
    as many model-zoo classifiers do;
  * models/imagenet-classes.txt: the 1000 ImageNet class names in index order, one per line,
    as torchvision lists them for its ImageNet weights.
Both models take input [1, 3, H, W] named "input" (RGB in [0, 1], no normalisation) with
dynamic H and W, at opset 13.
"""

import os

import torch
import torch.nn as nn
import torchvision

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class TinyClassifier(nn.Module):
    def __init__(self, softmax):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU())
        self.head = nn.Linear(16, 1000)
        self.softmax = softmax

    def forward(self, x):
        y = self.features(x).mean(dim=(2, 3))
        y = self.head(y)
        return torch.softmax(y, dim=1) if self.softmax else y


def export(softmax, name):
    torch.manual_seed(7)
    model = TinyClassifier(softmax).eval()
    path = os.path.join(ROOT, "Tests", "Data", "Classifier", name)
    torch.onnx.export(model, torch.rand(1, 3, 64, 64), path, opset_version=13,
                      input_names=["input"], output_names=["probabilities" if softmax else "logits"],
                      dynamic_axes={"input": {2: "height", 3: "width"}})
    print(path, os.path.getsize(path))


def main():
    os.makedirs(os.path.join(ROOT, "Tests", "Data", "Classifier"), exist_ok=True)
    export(False, "tiny-classifier.onnx")
    export(True, "tiny-classifier-softmax.onnx")
    names = torchvision.models.ResNet18_Weights.IMAGENET1K_V1.meta["categories"]
    assert len(names) == 1000
    with open(os.path.join(ROOT, "models", "imagenet-classes.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(names) + "\n")


if __name__ == "__main__":
    main()
