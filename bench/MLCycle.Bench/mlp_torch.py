"""The PyTorch side of `MLCycle.Bench mlp`: the same MLP, optimiser, schedule and data as MLCycle's.

Usage: python3 mlp_torch.py DIR HIDDEN EPOCHS BATCH LR WEIGHT_DECAY SEED THREADS
DIR holds train_x.f32, train_y.f32, test_x.f32 (float32, row-major) and shape.txt ("train_rows test_rows features").
Writes DIR/torch_test_p.f32 (test probabilities) and prints one line: seconds_per_epoch <s> threads <n> torch <version> cpu_seconds_per_epoch <s>.
"""
import sys
import time

import numpy as np
import torch

folder, hidden, epochs, batch, lr, decay, seed, threads = sys.argv[1:9]
hidden = [int(h) for h in hidden.split(",")]
epochs, batch, lr, decay, seed = int(epochs), int(batch), float(lr), float(decay), int(seed)
torch.set_num_threads(int(threads))
torch.manual_seed(seed)
train_rows, test_rows, features = (int(v) for v in open(f"{folder}/shape.txt").read().split())
x = torch.from_numpy(np.fromfile(f"{folder}/train_x.f32", dtype=np.float32).reshape(train_rows, features))
y = torch.from_numpy(np.fromfile(f"{folder}/train_y.f32", dtype=np.float32)).reshape(-1, 1)
test = torch.from_numpy(np.fromfile(f"{folder}/test_x.f32", dtype=np.float32).reshape(test_rows, features))

# standardised with the training rows' mean and (population) sd, as MLCycle's network does inside itself
mean = x.mean(0)
sd = x.std(0, unbiased=False)
sd[sd < 1e-12] = 1
x = (x - mean) / sd
test = (test - mean) / sd


def build():
    layers, width = [], features
    for units in hidden:
        layers += [torch.nn.Linear(width, units), torch.nn.ReLU()]
        width = units
    layers.append(torch.nn.Linear(width, 1))
    return torch.nn.Sequential(*layers)


def train(model, epochs):
    steps_per_epoch = (train_rows + batch - 1) // batch
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=decay)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, T_max=epochs * steps_per_epoch, eta_min=lr / 100)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        order = torch.randperm(train_rows)
        for start in range(0, train_rows, batch):
            rows = order[start:start + batch]
            optimiser.zero_grad()
            loss = loss_fn(model(x[rows]), y[rows])
            loss.backward()
            optimiser.step()
            schedule.step()


train(build(), 1)  # warm-up, as MLCycle's side warms its JIT
model = build()
clock, cpu = time.perf_counter(), time.process_time()
train(model, epochs)
elapsed, cpu = time.perf_counter() - clock, time.process_time() - cpu
with torch.no_grad():
    torch.sigmoid(model(test)).numpy().astype(np.float32).tofile(f"{folder}/torch_test_p.f32")
print(f"seconds_per_epoch {elapsed / epochs} threads {torch.get_num_threads()} torch {torch.__version__} cpu_seconds_per_epoch {cpu / epochs}")
