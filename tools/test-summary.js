// Prints Jest's totals from its --json report as the one plain line CI reads:
// "N passed, N failed[, N skipped]".
const { readFileSync } = require('node:fs');

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  console.error(`No Jest report at ${file}: the test run did not finish.`);
  process.exit(0);
}
// A suite that fails to load has no test results; count it as a failure so it cannot pass unseen.
const failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
