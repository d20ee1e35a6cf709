import { BadRequestException } from '@nestjs/common';
import { ListSpec, parseListQuery } from './simple-rest.util';

const LIST: ListSpec = {
  sortable: { id: 'row.id', name: 'row.name' },
  defaultSort: { field: 'id', order: 'ASC' },
  filters: { id: { column: 'row.id', kind: 'int' }, narc: { column: 'row.narc', kind: 'boolean' }, plan: { column: 'row.plan', kind: { oneOf: ['payg', 'startup'] } } },
  search: ['row.name'],
};

function problem(query: Record<string, unknown>): Record<string, string[]> {
  try {
    parseListQuery(query, LIST);
  } catch (error) {
    if (error instanceof BadRequestException) return (error.getResponse() as { fields: Record<string, string[]> }).fields;
    throw error;
  }
  throw new Error('no problem found');
}

describe('parseListQuery', () => {
  it('reads react-admin’s sort, range and filter', () => {
    expect(parseListQuery({ sort: '["name","desc"]', range: '[10,19]', filter: '{"q":"acorn","id":[1,2],"narc":false,"plan":"payg"}' }, LIST)).toEqual({
      sort: { field: 'name', order: 'DESC' },
      range: { start: 10, end: 19 },
      filter: { q: 'acorn', id: [1, 2], narc: false, plan: 'payg' },
    });
  });

  it('defaults to the resource’s sort, every row and no filter', () => {
    expect(parseListQuery({}, LIST)).toEqual({ sort: { field: 'id', order: 'ASC' }, range: undefined, filter: {} });
  });

  it('names the parameter that is wrong', () => {
    expect(Object.keys(problem({ sort: '["created","ASC"]' }))).toEqual(['sort']);
    expect(Object.keys(problem({ sort: ['["id","ASC"]', '["id","ASC"]'] }))).toEqual(['sort']);
    expect(Object.keys(problem({ range: '[0,1.5]' }))).toEqual(['range']);
    expect(Object.keys(problem({ range: '[-1,3]' }))).toEqual(['range']);
    expect(Object.keys(problem({ filter: '{"id":"1"}' }))).toEqual(['filter.id']);
    expect(Object.keys(problem({ filter: '{"narc":"yes"}' }))).toEqual(['filter.narc']);
    expect(Object.keys(problem({ filter: '{"plan":"free"}' }))).toEqual(['filter.plan']);
    expect(Object.keys(problem({ filter: '{"q":5}' }))).toEqual(['filter.q']);
    expect(Object.keys(problem({ filter: '{nope' }))).toEqual(['filter']);
  });
});
