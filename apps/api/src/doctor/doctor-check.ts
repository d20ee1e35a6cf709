/** One line of `hermes doctor`: what was checked, what was found and, when it is wrong, how to fix it. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export const passed = (name: string, detail: string): DoctorCheck => ({ name, ok: true, detail });

export const problem = (name: string, detail: string, fix: string): DoctorCheck => ({ name, ok: false, detail, fix });

/** A check that could not run at all is a problem too: the doctor reports it and goes on. */
export async function guarded(name: string, run: () => Promise<DoctorCheck[]>): Promise<DoctorCheck[]> {
  try {
    return await run();
  } catch (error) {
    return [failed(name, error)];
  }
}

export function failed(name: string, error: unknown): DoctorCheck {
  return problem(name, `the check failed: ${error instanceof Error ? error.message : String(error)}`, 'see the message; run the doctor again once it is fixed');
}
