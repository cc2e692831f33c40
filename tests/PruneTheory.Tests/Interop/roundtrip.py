#!/usr/bin/env python3
"""PyTorch side of the restore/prune round-trip tests (tests/.../Interop/PyTorchRoundTripTests.cs).

  roundtrip.py make DIR REPO   train tiny MLP, MLP+BN, VGG-like and ResNet-like models a few steps on the committed
                               Fashion-MNIST training subset; write DIR/<family>.safetensors, DIR/test.safetensors
                               (x as the networks see it, labels as I64) and DIR/<family>-calib.safetensors
  roundtrip.py check DIR FAMILY OUT:STYLE [OUT:STYLE ...]
                               load each OUT into a fresh FAMILY model with load_state_dict(strict=True) (narrowed: the
                               tensors' shapes; masked: torch.nn.utils.prune reparametrisation first; zeroed: the
                               weights must be 0 where OUT's masks file says 0) and print one JSON line per OUT,
                               {"out", "accuracy"} (percent on DIR/FAMILY-test.safetensors, float64)

Safetensors is written and read here with numpy only (the Debian image has no safetensors package); tensors are
stored sorted by name, as the reference writer does, so the C# side cannot rely on registration order.
"""
import gzip, json, struct, sys
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.utils.prune as prune

DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32}


def write_safetensors(path, tensors, metadata=None):
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}[a.dtype]
        b = a.tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    out = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        out[name] = np.frombuffer(data[b:end], dtype=DTYPES[e["dtype"]]).reshape(e["shape"]).copy()
    return out, meta


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


MEAN, STD = 0.2860, 0.3530  # the VGG-like is trained on (x - MEAN)/STD: its metadata says so


class MlpBn(nn.Module):
    """Named modules (fc1, bn1, ...) with BatchNorm1d: the state dict holds I64 num_batches_tracked."""

    def __init__(self):
        super().__init__()
        self.fc1, self.bn1 = nn.Linear(784, 48), nn.BatchNorm1d(48)
        self.fc2, self.bn2 = nn.Linear(48, 24, bias=False), nn.BatchNorm1d(24)
        self.fc3 = nn.Linear(24, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = F.relu(self.bn1(self.fc1(x)))
        x = F.relu(self.bn2(self.fc2(x)))
        return self.fc3(x)


class Vgg(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 12, 3, padding=1), nn.BatchNorm2d(12), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Linear(12 * 7 * 7, 32), nn.ReLU(), nn.Linear(32, 10))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


class Block(nn.Module):
    """CIFAR BasicBlock: shortcut 'conv' (1x1 conv + BN), 'pad' (option A) or identity."""

    def __init__(self, cin, cout, stride, shortcut):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
        self.conv2, self.bn2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
        self.kind = shortcut
        if shortcut == "conv":
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.kind == "conv":
            sc = self.shortcut(x)
        elif self.kind == "pad":
            p = (self.conv2.weight.shape[0] - x.shape[1]) // 2
            sc = F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, p, p))
        else:
            sc = x
        return F.relu(out + sc)


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(1, 8, 3, 1, 1, bias=False), nn.BatchNorm2d(8)
        self.layer1 = nn.Sequential(Block(8, 8, 1, "id"))
        self.layer2 = nn.Sequential(Block(8, 16, 2, "conv"))
        self.layer3 = nn.Sequential(Block(16, 24, 2, "pad"))
        self.fc = nn.Linear(24, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))


FAMILIES = {"mlp": (mlp, "centered"), "mlpbn": (MlpBn, "unit"), "vgg": (Vgg, f"{MEAN},{STD}"), "resnet": (ResNet, "unit")}


def normalise(x, how):
    if how == "unit":
        return x
    if how == "centered":
        return (x - 0.5) / 0.5
    m, s = map(float, how.split(","))
    return (x - m) / s


def make(out_dir, repo):
    torch.manual_seed(0)
    xs = idx(f"{repo}/data/fashion-mnist/train-10k-images-idx3-ubyte.gz")[:1600].astype(np.float32) / 255
    ys = idx(f"{repo}/data/fashion-mnist/train-10k-labels-idx1-ubyte.gz")[:1600].astype(np.int64)
    x_train, y_train = torch.tensor(xs[:1200]).unsqueeze(1), torch.tensor(ys[:1200])
    x_test, y_test = xs[1200:][:, None], ys[1200:]
    for family, (ctor, how) in FAMILIES.items():
        model = ctor()
        opt = torch.optim.Adam(model.parameters(), 3e-3)
        xt = normalise(x_train, how)
        for step in range(60):
            b = torch.randint(0, len(xt), (64,))
            opt.zero_grad()
            F.cross_entropy(model(xt[b]), y_train[b]).backward()
            opt.step()
        model.eval()
        sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
        write_safetensors(f"{out_dir}/{family}.safetensors", sd, {"prunetheory.normalize": how})
        # the test and calibration inputs as each network sees them (data files are used as stored)
        write_safetensors(f"{out_dir}/{family}-test.safetensors", {"x": normalise(x_test, how).astype(np.float32), "labels": y_test})
        # prune's calibration data: [N, 784] for the MLPs, [N, 1, 28, 28] for the conv nets
        xc = normalise(xs[:1200], how)[:, None]
        write_safetensors(f"{out_dir}/{family}-calib.safetensors",
                          {"x": (xc.reshape(1200, -1) if family.startswith("mlp") else xc).astype(np.float32), "labels": ys[:1200]})
    print(json.dumps({"ok": True}))


def load(family, path, style):
    sd, meta = read_safetensors(path)
    model = FAMILIES[family][0]()
    if style == "masked":
        for key in [k for k in sd if k.endswith("_orig")]:
            mod, name = key[:-len("_orig")].rsplit(".", 1)
            prune.identity(model.get_submodule(mod), name)
    elif style == "narrowed":
        own = dict(model.named_parameters()) | dict(model.named_buffers())
        for key, value in sd.items():  # narrowed tensors: give each module the stored shape, keep its names
            if key in own and tuple(own[key].shape) != value.shape:
                mod, name = key.rsplit(".", 1)
                module = model.get_submodule(mod)
                t = torch.zeros(value.shape, dtype=own[key].dtype)
                setattr(module, name, nn.Parameter(t) if isinstance(own[key], nn.Parameter) else t)
    model.load_state_dict({k: torch.tensor(v) for k, v in sd.items()}, strict=True)
    return model.double().eval(), meta


def check(out_dir, family, path, style):
    model, meta = load(family, path, style)
    assert meta.get("prunetheory.output_style", style) == style, (path, meta.get("prunetheory.output_style"))
    if style == "zeroed":
        masks, _ = read_safetensors(f"{out_dir}/{meta['prunetheory.masks_file']}")
        sd, _ = read_safetensors(path)
        for name, m in masks.items():
            assert set(np.unique(m)) <= {0.0, 1.0} and np.all(sd[name][m == 0] == 0), name
    test, _ = read_safetensors(f"{out_dir}/{family}-test.safetensors")
    with torch.no_grad():
        pred = model(torch.tensor(test["x"]).double()).argmax(1).numpy()
    acc = 100.0 * float((pred == test["labels"]).mean())
    print(json.dumps({"out": path, "accuracy": acc}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    else:
        for spec in sys.argv[4:]:
            out, style = spec.rsplit(":", 1)
            check(sys.argv[2], sys.argv[3], out, style)
