// resource.Quantity of k8s.io/apimachinery as the Kubernetes CEL quantity library uses it
// (`quantity()`, `isQuantity()` and the member functions in cel.ts): parsed as ParseQuantity parses
// (sign, digits, a fraction, a suffix of Ki Mi Gi Ti Pi Ei, n u m "" k M G T P E, or an exponent
// e/E), kept as Go keeps it — a fast int64 amount (value × 10^scale) when it fits, else an arbitrary
// decimal rounded up to nano units — because that is what `isInteger` and `asInteger` answer by.

/** Go's ErrFormatWrong, ErrNumeric, ErrSuffix. */
export const QUANTITY_ERRORS = {
  format: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  numeric: 'unable to parse numeric part of quantity',
  suffix: "unable to parse quantity's suffix",
} as const;

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const fitsInt64 = (v: bigint) => v >= INT64_MIN && v <= INT64_MAX;

export class Quantity {
  /**
   * The value is `unscaled × 10^scale`. `fast`: Go's int64Amount (unscaled fits an int64), else its
   * inf.Dec form, which `AsInt64` never converts.
   */
  constructor(readonly unscaled: bigint, readonly scale: number, readonly fast: boolean) {}

  sign(): number {
    return this.unscaled > 0n ? 1 : this.unscaled < 0n ? -1 : 0;
  }

  /** Quantity.AsInt64: only a fast amount, with a scale of 0 or more, that fits an int64. */
  asInt64(): bigint | undefined {
    if (!this.fast) return undefined;
    if (this.scale === 0 || this.unscaled === 0n) return this.unscaled;
    if (this.scale < 0 || this.scale > 18) return undefined;
    const value = this.unscaled * 10n ** BigInt(this.scale);
    return fitsInt64(value) ? value : undefined;
  }

  /** Quantity.AsApproximateFloat64. */
  asApproximateFloat(): number {
    const base = Number(this.unscaled);
    return this.scale === 0 ? base : base * 10 ** this.scale;
  }

  /** Quantity.Add (and Sub with `other` negated): int64 amounts stay fast unless they overflow. */
  add(other: Quantity): Quantity {
    if (this.fast && other.fast && other.unscaled === 0n) return this;
    if (this.fast && other.fast && this.unscaled === 0n) return other;
    const [a, b, scale] = aligned(this, other);
    if (this.fast && other.fast && fitsInt64(a) && fitsInt64(b) && fitsInt64(a + b)) return new Quantity(a + b, scale, true);
    return new Quantity(a + b, scale, false);
  }

  negate(): Quantity {
    return new Quantity(-this.unscaled, this.scale, this.fast);
  }

  /** Quantity.Cmp: -1, 0 or 1. */
  compare(other: Quantity): number {
    const signs = this.sign() - other.sign();
    if (signs !== 0 || this.sign() === 0) return Math.sign(signs);
    // Orders of magnitude apart: no need to scale (a scale may be huge: 1e999999999).
    const magnitude = (q: Quantity) => q.scale + (q.unscaled < 0n ? -q.unscaled : q.unscaled).toString().length;
    const apart = magnitude(this) - magnitude(other);
    if (Math.abs(apart) > 1) return Math.sign(apart) * this.sign();
    const [a, b] = aligned(this, other);
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

/** Both unscaled values at the smaller scale (an error when that would take too many digits). */
function aligned(x: Quantity, y: Quantity): [bigint, bigint, number] {
  const scale = Math.min(x.scale, y.scale);
  if (Math.max(x.scale, y.scale) - scale > 4096) throw new Error('quantity out of range: the scales of the operands are too far apart');
  return [x.unscaled * 10n ** BigInt(x.scale - scale), y.unscaled * 10n ** BigInt(y.scale - scale), scale];
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_LETTERS = 'eEinumkKMGTP';

/** resource.ParseQuantity; a string is its error. */
export function parseQuantity(text: string): Quantity | string {
  if (text.length === 0) return QUANTITY_ERRORS.format;
  if (text === '0') return new Quantity(0n, 0, true);
  const parts = splitQuantity(text);
  if (typeof parts === 'string') return parts;
  const { positive, num, denom, suffix } = parts;
  const interpreted = interpretSuffix(suffix);
  if (!interpreted) return QUANTITY_ERRORS.suffix;
  const { base, exponent } = interpreted;

  // The fast path: an int64 amount.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (base === 10) {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  } else if (exponent >= 0 && denom.length === 0) {
    mantissa = 1n << BigInt(exponent);
    precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  } else {
    precision = -1;
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const value = BigInt(num + denom);
      if (!fitsInt64(value)) return QUANTITY_ERRORS.numeric;
      const result = value * mantissa;
      if (fitsInt64(result)) return new Quantity(positive ? result : -result, scale, true);
    }
  }

  // An inf.Dec: the exact value, rounded up (away from zero) to nano units when it is not zero.
  let unscaled = BigInt(num + denom);
  let decScale = -denom.length;
  if (base === 10) decScale += exponent;
  else unscaled *= 1n << BigInt(exponent);
  if (unscaled !== 0n) {
    if (decScale < -9) {
      // Fewer digits than the shift: the value is below one nano unit, rounded up to it.
      const shift = -9 - decScale;
      if (shift > unscaled.toString().length) unscaled = 1n;
      else {
        const divisor = 10n ** BigInt(shift);
        unscaled = unscaled / divisor + (unscaled % divisor === 0n ? 0n : 1n);
      }
      decScale = -9;
    } else if (decScale + 9 <= 64) {
      unscaled *= 10n ** BigInt(decScale + 9);
      decScale = -9;
    }
    // A binary quantity is capped at the largest int64.
    if (base === 2 && unscaled > INT64_MAX * 10n ** 9n) unscaled = INT64_MAX * 10n ** 9n;
  }
  return new Quantity(positive ? unscaled : -unscaled, decScale, false);
}

/** parseQuantityString: the sign, the digits before and after the point, the suffix. */
function splitQuantity(text: string): { positive: boolean; num: string; denom: string; suffix: string } | string {
  let pos = 0;
  let positive = true;
  if (text[0] === '-' || text[0] === '+') {
    positive = text[0] === '+';
    pos++;
  }
  while (pos < text.length && text[pos] === '0') pos++;
  if (pos >= text.length) return { positive, num: '0', denom: '', suffix: '' };
  const digits = (from: number) => {
    let i = from;
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    return i;
  };
  let end = digits(pos);
  const num = text.slice(pos, end) || '0';
  pos = end;
  let denom = '';
  if (text[pos] === '.') {
    end = digits(pos + 1);
    denom = text.slice(pos + 1, end);
    pos = end;
  }
  const suffixStart = pos;
  while (pos < text.length && SUFFIX_LETTERS.includes(text[pos]!)) pos++;
  if (pos < text.length && (text[pos] === '-' || text[pos] === '+')) pos++;
  pos = digits(pos);
  if (pos < text.length) return QUANTITY_ERRORS.format;
  return { positive, num, denom, suffix: text.slice(suffixStart) };
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number } | undefined {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix]! };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: BINARY_SUFFIXES[suffix]! };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    // strconv.ParseInt(suffix[1:], 10, 64), then int32().
    if (!/^[+-]?\d+$/.test(suffix.slice(1))) return undefined;
    const parsed = BigInt(suffix.slice(1));
    if (!fitsInt64(parsed)) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)) };
  }
  return undefined;
}
