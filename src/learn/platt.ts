/**
 * Platt scaling: the a and b of sigmoid(a x + b) that best fit 0/1 labels to scores x (weighted
 * log-loss), by Newton's method on the two parameters, each step halved until the loss falls.
 * Plain Newton steps overshoot when the scores spread far (the fused logits of the semantic stage
 * span tens of units; the fit diverged for a third of the weights tried). The lexical re-ranker's
 * parameters were fitted by 3,000 steps of gradient descent until 2026-11-27, which had not
 * settled (b -1.83 against the optimum's -1.91). Two parameters do not warrant a library.
 */
export function fitPlatt(xs: readonly number[], ys: readonly number[], ws?: readonly number[]): { a: number; b: number } {
  const w = (i: number) => ws?.[i] ?? 1;
  const loss = (a: number, b: number) => xs.reduce((l, x, i) => {
    const z = a * x + b;
    return l + w(i) * (Math.max(z, 0) - z * ys[i]! + Math.log1p(Math.exp(-Math.abs(z))));
  }, 0);
  const total = xs.reduce((t, _, i) => t + w(i), 0);
  let a = 1, b = 0, current = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    xs.forEach((x, i) => {
      const q = sigmoid(a * x + b), d = w(i) * (q - ys[i]!), h = w(i) * q * (1 - q);
      ga += d * x; gb += d; haa += h * x * x; hab += h * x; hbb += h;
    });
    const det = haa * hbb - hab * hab;
    let da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    let next = loss(a - da, b - db);
    for (let k = 0; k < 30 && !(next <= current); k++) {
      da /= 2;
      db /= 2;
      next = loss(a - da, b - db);
    }
    if (!(next <= current)) break;
    a -= da;
    b -= db;
    const gain = current - next;
    current = next;
    if (gain < 1e-10 * total) break;
  }
  return { a, b };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
