export default async function globalTeardown(): Promise<void> {
  const embedded = globalThis.__HERMES_TEST_PG__;
  globalThis.__HERMES_TEST_PG__ = undefined;
  await embedded?.stop();
}
