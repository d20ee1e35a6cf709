import fc from 'fast-check';
import { JsonTooDeepError, MAX_JSON_DEPTH, parseJson, reviveJson } from './raw-json-body.util';

const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** What the reviver alone makes of `text`: the value, or the error it throws. */
function revived(text: string): unknown {
  try {
    return JSON.parse(text, reviveJson);
  } catch (error) {
    return error;
  }
}

function parsed(text: string): unknown {
  try {
    return parseJson(text);
  } catch (error) {
    return error;
  }
}

describe('parseJson', () => {
  it('drops NUL characters from strings however many brackets the body has', () => {
    expect(parseJson('{"name":"A\\u0000da","tags":["x\\u0000"]}')).toEqual({ name: 'Ada', tags: ['x'] });
    const many = `[${Array.from({ length: 100 }, () => '{"n":"\\u0000b"}').join(',')}]`;
    expect(parseJson(many)).toEqual(Array.from({ length: 100 }, () => ({ n: 'b' })));
  });

  it(`reads ${MAX_JSON_DEPTH} levels of nesting and refuses one more`, () => {
    expect(parseJson(arrays(MAX_JSON_DEPTH))).toEqual(JSON.parse(arrays(MAX_JSON_DEPTH)));
    expect(() => parseJson(arrays(MAX_JSON_DEPTH + 1))).toThrow(JsonTooDeepError);
    expect(() => parseJson(`{"a":[${'{"b":'.repeat(70)}1${'}'.repeat(70)}]}`)).toThrow(JsonTooDeepError);
  });

  it('reads a shallow body with more brackets than the depth limit, and brackets inside strings', () => {
    const wide = Array.from({ length: 200 }, (_, i) => ({ id: i, tags: [i] }));
    expect(parseJson(JSON.stringify(wide))).toEqual(wide);
    expect(parseJson(JSON.stringify({ name: '['.repeat(500) }))).toEqual({ name: '['.repeat(500) });
  });

  it('gives what the reviver alone gives, for any JSON text', () => {
    const text = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      fc.integer({ min: MAX_JSON_DEPTH - 2, max: MAX_JSON_DEPTH + 2 }).map(arrays),
      fc.string().map((value) => JSON.stringify({ value: `${value}\u0000` })),
    );
    fc.assert(fc.property(text, (json) => expect(parsed(json)).toEqual(revived(json))), { numRuns: 500 });
  });

  it('throws a SyntaxError for text that is not JSON', () => {
    expect(() => parseJson('{"a":')).toThrow(SyntaxError);
  });
});
