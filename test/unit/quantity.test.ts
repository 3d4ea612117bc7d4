import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  containerRequests,
  formatQuantity,
  type PodSpecResourcesLike,
  parseQuantity,
  parseResourceList,
  podRequests,
  QuantityError,
  type QuantityErrorKind,
} from '../../src/api/quantity.js';

const KI = 1024;
const MI = KI * 1024;
const GI = MI * 1024;
const TI = GI * 1024;

/** The QuantityError kind parseQuantity throws for v, or undefined when it returns. */
function errorKind(v: string | number): QuantityErrorKind | undefined {
  try {
    parseQuantity(v);
    return undefined;
  } catch (e) {
    if (e instanceof QuantityError) return e.kind;
    throw e;
  }
}

type Expect = number | 'range';

// apimachinery pkg/api/resource/quantity_test.go TestQuantityParse: the positive table, each expected Quantity
// converted with MilliValue() (ceil to a whole milli-unit). 'range' marks values whose milli-value exceeds
// Number.MAX_SAFE_INTEGER, which the simulator rejects.
const PARSE_TABLE: ReadonlyArray<readonly [string, Expect]> = [
  ['0', 0],
  ['0n', 0],
  ['0u', 0],
  ['0m', 0],
  ['0Ki', 0],
  ['0k', 0],
  ['0Mi', 0],
  ['0M', 0],
  ['0Gi', 0],
  ['0G', 0],
  ['0Ti', 0],
  ['0T', 0],
  // Quantity less numbers are allowed
  ['1', 1000],
  // Binary suffixes
  ['1Ki', 1024 * 1000],
  ['8Ki', 8 * KI * 1000],
  ['7Mi', 7 * MI * 1000],
  ['6Gi', 6 * GI * 1000],
  ['5Ti', 5 * TI * 1000],
  ['4Pi', 'range'],
  ['3Ei', 'range'],
  ['10Ti', 'range'],
  ['100Ti', 'range'],
  // Decimal suffixes
  ['5n', 1],
  ['4u', 1],
  ['3m', 3],
  ['9', 9000],
  ['8k', 8_000_000],
  ['50k', 50_000_000],
  ['7M', 7e9],
  ['6G', 6e12],
  ['5T', 5e15],
  ['40T', 'range'],
  ['300T', 'range'],
  ['2P', 'range'],
  ['1E', 'range'],
  // Decimal exponents
  ['1E-3', 1],
  ['1e3', 1e6],
  ['1E6', 1e9],
  ['1e9', 1e12],
  ['1E12', 1e15],
  ['1e15', 'range'],
  ['1E18', 'range'],
  // Nonstandard but still parsable
  ['1e14', 'range'],
  ['1e13', 'range'],
  ['100.035k', 100_035_000],
  // Things that look like floating point
  ['0.001', 1],
  ['0.0005k', 500],
  ['0.005', 5],
  ['0.05', 50],
  ['0.5', 500],
  ['0.00050k', 500],
  ['0.00500', 5],
  ['0.05000', 50],
  ['0.50000', 500],
  ['0.5e0', 500],
  ['0.5e-1', 50],
  ['0.5e-2', 5],
  ['10.035M', 10_035_000_000],
  ['1.2e3', 1_200_000],
  ['1.3E+6', 1.3e9],
  ['1.40e9', 1.4e12],
  ['1.53E12', 1.53e15],
  ['1.6e15', 'range'],
  ['1.7E18', 'range'],
  ['9.01', 9010],
  ['8.1k', 8_100_000],
  ['7.123456M', 7_123_456_000],
  ['6.987654321G', 6_987_654_321_000],
  ['5.444T', 5_444_000_000_000_000],
  ['40.1T', 'range'],
  ['300.2T', 'range'],
  ['2.5P', 'range'],
  ['1.01E', 'range'],
  // Things that saturate/round
  ['3.001n', 1],
  ['1.1E-9', 1],
  ['0.0000000001', 1],
  ['0.0000000005', 1],
  ['0.00000000050', 1],
  ['0.5e-9', 1],
  ['0.9n', 1],
  ['0.00000012345', 1],
  ['0.00000012354', 1],
  ['9Ei', 'range'],
  ['9223372036854775807Ki', 'range'],
  ['12E', 'range'],
  // We'll accept fractional binary stuff, too.
  ['100.035Ki', 102_435_840],
  ['0.5Mi', 0.5 * MI * 1000],
  ['0.05Gi', 53_687_091_200],
  ['0.025Ti', 27_487_790_694_400],
  // Things written by trolls
  ['0.000000000001Ki', 1],
  ['.001', 1],
  ['.0001k', 100],
  ['1.', 1000],
  ['1.G', 1e12],
];

describe('apimachinery quantity_test.go TestQuantityParse (values via MilliValue)', () => {
  it.each(PARSE_TABLE)('%s', (input, want) => {
    if (want === 'range') {
      expect(errorKind(input)).toBe('range');
    } else {
      expect(parseQuantity(input)).toBe(want);
    }
  });

  it.each(PARSE_TABLE.filter(([, w]) => w !== 'range'))('negative and explicit + of %s', (input, want) => {
    // "Try the negative version of everything" / "Try everything with an explicit +". MilliValue rounds the
    // int64 form away from zero, so "-5n" is -1 milli.
    expect(parseQuantity(`-${input}`)).toBe(want === 0 ? 0 : -(want as number));
    expect(parseQuantity(`+${input}`)).toBe(want);
  });

  it('rejects the empty string with ErrFormatWrong', () => {
    expect(errorKind('')).toBe('format');
  });

  const INVALID: ReadonlyArray<readonly [string, QuantityErrorKind]> = [
    ['1.1.M', 'format'],
    ['1+1.0M', 'format'],
    ['0.1mi', 'suffix'],
    ['0.1am', 'format'],
    ['aoeu', 'format'],
    ['.5i', 'suffix'],
    ['1i', 'suffix'],
    ['-3.01i', 'suffix'],
    ['-3.01e-', 'suffix'],
    // trailing whitespace is forbidden
    [' 1', 'format'],
    ['1 ', 'format'],
  ];
  it.each(INVALID)('invalid %j fails with the upstream error (%s)', (input, kind) => {
    expect(errorKind(input)).toBe(kind);
  });

  it('uses upstream ErrFormatWrong and ErrSuffix texts', () => {
    expect(() => parseQuantity('aoeu')).toThrow(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(() => parseQuantity('1i')).toThrow("unable to parse quantity's suffix");
    expect(() => parseQuantity('1e')).toThrow("unable to parse quantity's suffix");
    expect(() => parseQuantity('1K')).toThrow("unable to parse quantity's suffix");
  });
});

describe('apimachinery quantity_test.go TestParseQuantityString (scanner quirks)', () => {
  it.each([
    ['0.025Ti', 27_487_790_694_400],
    ['1.025Ti', 1_126_999_418_470_400],
    ['-1.025Ti', -1_126_999_418_470_400],
    ['.', 0],
    ['-.', 0],
    ['1E-3', 1],
  ] as const)('%j -> %d milli', (input, want) => {
    expect(parseQuantity(input)).toBe(want);
  });

  it('a lone sign or dot is zero, as upstream parseQuantityString returns num "0"', () => {
    expect(parseQuantity('.')).toBe(0);
    expect(parseQuantity('-.')).toBe(0);
    expect(parseQuantity('+')).toBe(0);
    expect(parseQuantity('-')).toBe(0);
  });

  it('"1E-3" is the decimal exponent -3 while "1E" is exa', () => {
    expect(parseQuantity('1E-3')).toBe(1);
    expect(parseQuantity('1E+3')).toBe(1_000_000);
    expect(errorKind('1E')).toBe('range');
  });

  it('a decimal exponent keeps only int32(parsed), as suffixer.interpret does', () => {
    // 4294967296 = 2^32 wraps to 0 upstream, so "1e4294967296" is 1.
    expect(parseQuantity('1e4294967296')).toBe(1000);
    // beyond int64 ParseInt fails: ErrSuffix
    expect(errorKind('1e99999999999999999999')).toBe('suffix');
  });
});

describe('MilliValue rounding and exactness', () => {
  it.each([
    ['0.1m', 1],
    ['-0.1m', -1],
    ['1.1', 1100],
    ['0.3', 300],
    ['4.35', 4350],
    ['1.005k', 1_005_000],
    ['2.675', 2675],
    ['0.1Ki', 102_400],
    ['1.5Gi', 1.5 * GI * 1000],
  ] as const)('%s -> %d milli (no float error)', (input, want) => {
    expect(parseQuantity(input)).toBe(want);
  });

  it('accepts values up to Number.MAX_SAFE_INTEGER milli-units and rejects the next one', () => {
    expect(parseQuantity('9007199254740991m')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseQuantity('9007199254740.991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseQuantity('-9007199254740991m')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(errorKind('9007199254740992m')).toBe('range');
    expect(errorKind('9007199254740.9911')).toBe('range');
    expect(() => parseQuantity('9Ti')).toThrow(/too large in magnitude for the simulator/);
  });

  it('accepts JS numbers (YAML "cpu: 2") through their decimal form', () => {
    expect(parseQuantity(2)).toBe(2000);
    expect(parseQuantity(0.5)).toBe(500);
    expect(parseQuantity(1e9)).toBe(1e12);
    expect(parseQuantity(-0)).toBe(0);
    expect(parseQuantity(1e-7)).toBe(1);
    expect(errorKind(Number.NaN)).toBe('format');
    expect(errorKind(Number.POSITIVE_INFINITY)).toBe('format');
  });
});

describe('apimachinery quantity_test.go TestQuantityString / TestQuantityParseEmit / TestMilliNewSet (formatQuantity)', () => {
  it.each([
    [GI * 1000, 'memory', '1Gi'],
    [300 * MI * 1000, 'memory', '300Mi'],
    [6 * KI * 1000, 'memory', '6Ki'],
    [1001 * GI * 1000, 'memory', '1001Gi'],
    [TI * 1000, 'memory', '1Ti'],
    [5000, 'memory', '5'],
    [500, 'memory', '500m'],
    [1e12, 'cpu', '1G'],
    [1000, undefined, '1'],
    [1, undefined, '1m'],
    [80, undefined, '80m'],
    [1080, undefined, '1080m'],
    [300e9, undefined, '300M'],
    [1e15, undefined, '1T'],
    [1_234_567e9, undefined, '1234567M'],
    [1_234_567, 'memory', '1234567m'],
    [3_000_000, undefined, '3k'],
    [1_025_000, 'memory', '1025'],
    [0, undefined, '0'],
    [0, 'memory', '0'],
    [1_234_000, undefined, '1234'],
    [1500, undefined, '1500m'],
    [-9010, undefined, '-9010m'],
    [1536 * MI * 1000, 'memory', '1536Mi'],
    [1e12, 'memory', '1G'],
    [100 * GI * 1000, 'hugepages-2Mi', '100Gi'],
    [100 * GI * 1000, 'cpu', '107374182400'],
  ] as const)('%d milli of %s -> %s', (milli, name, want) => {
    expect(formatQuantity(milli, name)).toBe(want);
  });

  it.each([
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
  ])('parse-emit %s -> %s (memory)', (input, want) => {
    expect(formatQuantity(parseQuantity(input), 'memory')).toBe(want);
  });

  it('rejects non-integer milli-values', () => {
    expect(() => formatQuantity(1.5)).toThrow(RangeError);
    expect(() => formatQuantity(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});

describe('parseResourceList', () => {
  it('parses each entry to milli-units and keeps zero entries', () => {
    const m = parseResourceList({ cpu: '500m', memory: '1Gi', 'nvidia.com/gpu': 8, 'example.com/zero': '0' });
    expect([...m.entries()]).toEqual([
      ['cpu', 500],
      ['memory', GI * 1000],
      ['nvidia.com/gpu', 8000],
      ['example.com/zero', 0],
    ]);
  });

  it('an absent list is empty', () => {
    expect(parseResourceList(undefined).size).toBe(0);
  });

  it('trims whitespace like Quantity.UnmarshalJSON (quantity_test.go TestJSONWhitespace)', () => {
    expect(parseResourceList({ cpu: ' 1', memory: '1 ' }).get('cpu')).toBe(1000);
    expect(parseResourceList({ cpu: ' 1', memory: '1 ' }).get('memory')).toBe(1000);
    expect(parseResourceList({ cpu: ' -1' }).get('cpu')).toBe(-1000);
  });

  it('names the resource in its QuantityError', () => {
    let caught: unknown;
    try {
      parseResourceList({ cpu: '1', memory: 'lots' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(QuantityError);
    const err = caught as QuantityError;
    expect(err.kind).toBe('format');
    expect(err.resourceName).toBe('memory');
    expect(err.input).toBe('lots');
    expect(err.message).toBe(
      'resources[memory]: Invalid value: "lots": quantities must match the regular expression ' +
        "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });
});

function requests(list: Record<string, string | number>) {
  return { resources: { requests: list } };
}
function limits(list: Record<string, string | number>) {
  return { resources: { limits: list } };
}
function sidecar(c: { resources: object }) {
  return { ...c, restartPolicy: 'Always' };
}
function asObject(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries(m);
}

describe('component-helpers resource/helpers_test.go PodRequests (podRequests)', () => {
  // TestPodRequestsAndLimitsWithoutOverhead
  it('two container no overhead - should just be sum of containers', () => {
    const spec: PodSpecResourcesLike = {
      containers: [
        { resources: { requests: { cpu: '1', memory: '5' }, limits: { cpu: '2', memory: '10' } } },
        { resources: { requests: { cpu: '4', memory: '12' }, limits: { cpu: '8', memory: '24' } } },
      ],
    };
    expect(asObject(podRequests(spec))).toEqual({ cpu: 5000, memory: 17000 });
  });

  it('two container with overhead, massive init - should just be the largest init', () => {
    const spec: PodSpecResourcesLike = {
      containers: [
        { resources: { requests: { cpu: '1', memory: '5' }, limits: { cpu: '2', memory: '10' } } },
        { resources: { requests: { cpu: '4', memory: '12' }, limits: { cpu: '8', memory: '24' } } },
      ],
      initContainers: [
        { resources: { requests: { cpu: '1', memory: '5' }, limits: { cpu: '1', memory: '5' } } },
        { resources: { requests: { cpu: '40', memory: '120' }, limits: { cpu: '80', memory: '240' } } },
      ],
    };
    expect(asObject(podRequests(spec))).toEqual({ cpu: 40_000, memory: 120_000 });
  });

  // TestPodResourceRequests
  it('nil options, larger init container', () => {
    expect(
      asObject(podRequests({ initContainers: [requests({ cpu: '4' })], containers: [requests({ cpu: '1' })] })),
    ).toEqual({ cpu: 4000 });
  });

  it('nil options, larger containers', () => {
    const spec = {
      initContainers: [requests({ cpu: '2' })],
      containers: [requests({ cpu: '2' }), requests({ cpu: '3' })],
    };
    expect(asObject(podRequests(spec))).toEqual({ cpu: 5000 });
  });

  // TestPodResourceLimits sidecar cases, limits only: with requests defaulted to limits the requests equal them.
  it('restartable init container', () => {
    const spec = { initContainers: [sidecar(limits({ cpu: '1' }))], containers: [limits({ cpu: '1' })] };
    expect(asObject(podRequests(spec))).toEqual({ cpu: 2000 });
  });

  it('multiple restartable init containers: max(5, 3+2+1 + 1) = 7', () => {
    const spec = {
      initContainers: [
        limits({ cpu: '5' }),
        sidecar(limits({ cpu: '1' })),
        sidecar(limits({ cpu: '2' })),
        sidecar(limits({ cpu: '3' })),
      ],
      containers: [limits({ cpu: '1' })],
    };
    expect(asObject(podRequests(spec))).toEqual({ cpu: 7000 });
  });

  it('multiple restartable and regular init containers: init-2 needs 5 + (1+2) = 8', () => {
    const spec = {
      initContainers: [
        limits({ cpu: '5' }),
        sidecar(limits({ cpu: '1' })),
        sidecar(limits({ cpu: '2' })),
        limits({ cpu: '5' }),
        sidecar(limits({ cpu: '3' })),
      ],
      containers: [limits({ cpu: '1' })],
    };
    expect(asObject(podRequests(spec))).toEqual({ cpu: 8000 });
  });

  it('restartable-init, init and regular: max(10 + 100, 200 + 10) = 210', () => {
    const spec = {
      initContainers: [sidecar(limits({ cpu: '10' })), limits({ cpu: '200' })],
      containers: [limits({ cpu: '100' })],
    };
    expect(asObject(podRequests(spec))).toEqual({ cpu: 210_000 });
  });

  it('a resource named only by an init container still appears', () => {
    const spec = { initContainers: [requests({ memory: '1Gi' })], containers: [requests({ cpu: '1' })] };
    expect(asObject(podRequests(spec))).toEqual({ cpu: 1000, memory: GI * 1000 });
  });
});

describe('SetDefaults_Pod: requests default to limits (containerRequests)', () => {
  it('an extended resource with only a limit is requested at the limit', () => {
    expect(asObject(containerRequests(limits({ 'nvidia.com/gpu': 8, 'google.com/tpu': '4' })))).toEqual({
      'nvidia.com/gpu': 8000,
      'google.com/tpu': 4000,
    });
  });

  it('a request that is present wins over the limit, even when zero', () => {
    const c = {
      resources: { requests: { cpu: '1', memory: '0' }, limits: { cpu: '2', memory: '1Gi', 'nvidia.com/gpu': 1 } },
    };
    expect(asObject(containerRequests(c))).toEqual({ cpu: 1000, memory: 0, 'nvidia.com/gpu': 1000 });
  });

  it('a container with no resources requests nothing', () => {
    expect(containerRequests({}).size).toBe(0);
    expect(podRequests({ containers: [{}] }).size).toBe(0);
  });
});

describe('properties', () => {
  const names = fc.constantFrom(undefined, 'cpu', 'memory', 'ephemeral-storage', 'nvidia.com/gpu');

  test.prop([fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), names])(
    'parseQuantity(formatQuantity(x)) === x for every safe integer milli-value',
    (x, name) => {
      expect(parseQuantity(formatQuantity(x, name))).toBe(x);
    },
  );

  test.prop([fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 0, max: 5 }), names])(
    'round-trips binary multiples',
    (n, power, name) => {
      const milli = n * 1024 ** power * 1000;
      fc.pre(Number.isSafeInteger(milli));
      expect(parseQuantity(formatQuantity(milli, name))).toBe(milli);
    },
  );

  const SUFFIX_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12 };
  test.prop([
    fc.stringMatching(/^[0-9]{1,8}$/),
    fc.stringMatching(/^[0-9]{0,8}$/),
    fc.constantFrom(...Object.keys(SUFFIX_EXP)),
    fc.boolean(),
  ])('agrees with an exact BigInt reference for decimal strings, and is odd in the sign', (int, frac, suffix, neg) => {
    const text = `${int}${frac === '' ? '' : `.${frac}`}${suffix}`;
    // value * 1000 = (int.frac) * 10^(exp + 3) = digits * 10^(exp + 3 - frac.length)
    const digits = BigInt(int + frac);
    const e = SUFFIX_EXP[suffix]! + 3 - frac.length;
    let want: bigint;
    if (e >= 0) want = digits * 10n ** BigInt(e);
    else {
      const d = 10n ** BigInt(-e);
      want = digits / d + (digits % d === 0n ? 0n : 1n);
    }
    const signed = neg ? `-${text}` : text;
    if (want > BigInt(Number.MAX_SAFE_INTEGER)) {
      expect(errorKind(signed)).toBe('range');
    } else {
      const got = parseQuantity(signed);
      expect(got).toBe(neg && want !== 0n ? -Number(want) : Number(want));
    }
  });
});
