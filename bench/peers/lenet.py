"""Peer of the suite's LeNet-300-100 epoch: PyTorch on 1 thread, the same data, batch order, initial
weights, batch size, loss (mean softmax cross-entropy) and SGD (lr, momentum 0.9, no weight decay).
Each timed repeat trains one epoch from the same initial weights; a batch is gathered by index as the suite does."""
import numpy as np
import torch

import peerio


def model_from(t):
    torch.manual_seed(0)  # the weights are overwritten; the seed only fixes construction
    net = torch.nn.Sequential(torch.nn.Linear(784, 300), torch.nn.ReLU(), torch.nn.Linear(300, 100), torch.nn.ReLU(),
                              torch.nn.Linear(100, 10))
    with torch.no_grad():
        for i, name in ((0, 'ip1'), (2, 'ip2'), (4, 'ip3')):
            net[i].weight.copy_(torch.from_numpy(t[f'{name}.weight']))
            net[i].bias.copy_(torch.from_numpy(t[f'{name}.bias']))
    return net


def epoch(t, x, y, order, batch, lr, momentum):
    net = model_from(t)
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    loss_fn = torch.nn.CrossEntropyLoss()
    total, steps = 0.0, 0
    for start in range(0, len(order), batch):
        idx = order[start:start + batch]
        opt.zero_grad()
        loss = loss_fn(net(x[idx]), y[idx])
        loss.backward()
        opt.step()
        total += loss.item()
        steps += 1
    return net, total / steps


def run(t, meta):
    threads = int(meta.get('threads', '1'))
    torch.set_num_threads(threads)
    try:  # torch's thread count does not always reach the BLAS it calls; cap OpenBLAS as well
        from threadpoolctl import threadpool_limits
        threadpool_limits(limits=threads)
    except ImportError:
        pass
    x = torch.from_numpy(t['x'])
    y = torch.from_numpy(t['labels'].astype(np.int64))
    order = torch.from_numpy(t['order'].astype(np.int64))
    batch, lr, momentum = int(meta['batch']), float(meta['lr']), float(meta['momentum'])
    seconds, (net, mean_loss) = peerio.median_seconds(lambda: epoch(t, x, y, order, batch, lr, momentum), int(meta['repeats']))
    out = {}
    for i, name in ((0, 'ip1'), (2, 'ip2'), (4, 'ip3')):
        out[f'{name}.weight'] = net[i].weight.detach().numpy()
        out[f'{name}.bias'] = net[i].bias.detach().numpy()
    return out, {'seconds': seconds, 'mean_loss': repr(mean_loss), 'threads': torch.get_num_threads(),
                 'library': f'torch {torch.__version__} ({peerio.blas_line()})'}


if __name__ == '__main__':
    peerio.main(run)
