import { INestApplicationContext } from '@nestjs/common';

/** A one-off data fix kept in the code base (as v2's patch.py), run with `hermes patch <name>`. */
export interface Patch {
  name: string;
  description: string;
  run(app: INestApplicationContext, print: (line: string) => void): Promise<void>;
}
