import { cleanExtraAttrValue } from './extra-attr-value.util';

describe('cleanExtraAttrValue', () => {
  it('trims, lower-cases and strips leading/trailing hyphens', () => {
    expect(cleanExtraAttrValue('referer', '  -Google Ads-  ')).toBe('google ads');
    expect(cleanExtraAttrValue('referer', 'Word-of-Mouth')).toBe('word-of-mouth');
  });

  it('keeps the case and hyphens of a gclid, only trimming it', () => {
    expect(cleanExtraAttrValue('gclid', ' -AbC123- ')).toBe('-AbC123-');
  });

  it('drops empty values', () => {
    expect(cleanExtraAttrValue('referer', '   ')).toBeNull();
    expect(cleanExtraAttrValue('referer', '--')).toBeNull();
    expect(cleanExtraAttrValue('referer', null)).toBeNull();
  });

  it('stores numbers and booleans as text', () => {
    expect(cleanExtraAttrValue('size', 12)).toBe('12');
    expect(cleanExtraAttrValue('agreed', true)).toBe('true');
  });
});
