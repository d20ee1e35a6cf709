import { Injectable, PipeTransform } from '@nestjs/common';
import { badParameter, INT4_MAX } from './simple-rest.util';

/** A record id in the path: a whole number Postgres' int columns can hold, else 400 naming `id`. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(id >= 1 && id <= INT4_MAX)) throw badParameter('id', 'must be a whole number from 1');
    return id;
  }
}
