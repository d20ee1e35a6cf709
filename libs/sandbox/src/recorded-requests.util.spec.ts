import { busiestWindow } from './recorded-requests.util';
import { RecordedRequest } from './simulator';

const at = (...ms: number[]): RecordedRequest[] =>
  ms.map((t) => ({ method: 'GET', path: '/', query: {}, headers: {}, body: undefined, at: new Date(Date.UTC(2026, 10, 23) + t).toISOString() }));

describe('busiestWindow', () => {
  it('counts the most requests within any rolling window, whatever their order', () => {
    expect(busiestWindow(at(2500, 0, 1999, 1000, 2100))).toBe(4);
    expect(busiestWindow(at(0, 2000, 4000))).toBe(1);
    expect(busiestWindow(at(0, 500, 1000), 600)).toBe(2);
    expect(busiestWindow([])).toBe(0);
  });
});
