import { parseTc2Country } from './tc2-country.util';

describe('parseTc2Country', () => {
  it.each([
    ['United Kingdom (GB)', 'GB'],
    ['United States of America (US)', 'US'],
    ['Bosnia and Herzegovina (BA) ', 'BA'],
    // A bare code, as v2 read it.
    ['GB', 'GB'],
    [' us ', 'US'],
  ])('reads %s as %s', (value, code) => expect(parseTc2Country(value)).toBe(code));

  it.each(['United Kingdom', 'Chad', '', null])('has no code in %p', (value) => expect(parseTc2Country(value)).toBeNull());
});
