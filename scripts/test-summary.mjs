// Adds up the results of every test run in a folder — .trx files from `dotnet test`, vitest's JSON report —
// and prints the one line CI reads: "N passed, M failed". A step that failed without reporting any failing
// test (a build error, a crash) still counts as a failure, so a broken run can never look green.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [folder, failedStepsArg = "0"] = process.argv.slice(2);
let passed = 0;
let failed = 0;

for (const name of readdirSync(folder, { recursive: true })) {
  const path = join(folder, String(name));
  if (path.endsWith(".trx")) {
    const counters = readFileSync(path, "utf8").match(/<Counters [^>]*>/)?.[0] ?? "";
    const count = (attribute) => Number(counters.match(new RegExp(`\\b${attribute}="(\\d+)"`))?.[1] ?? 0);
    passed += count("passed");
    failed += count("failed") + count("error") + count("timeout") + count("aborted");
  } else if (path.endsWith("client-tests.json")) {
    const report = JSON.parse(readFileSync(path, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
}

const failedSteps = Number(failedStepsArg);
if (failedSteps > 0 && failed === 0) {
  failed = failedSteps;
}

console.log(`${passed} passed, ${failed} failed`);
