// Reads the results of two runs of the conformance suite's server scenarios (guard off, guard on), prints both pass
// lists, and exits 1 when a scenario that passed with the guard off fails or is missing with it on, when
// dns-rebinding-protection does not pass with the guard on, or when a run does not hold the expected number of
// scenarios (the suite's version is pinned, so its active server scenarios are known).
// Usage: node compare.mjs <results dir off> <results dir on> <expected scenarios>   (dirs: the suite's -o directory)
import fs from 'node:fs';
import path from 'node:path';

// scenario -> { passed, failed, errors } from the suite's server-<scenario>-<timestamp>/checks.json directories
function results(dir) {
  const scenarios = new Map();
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const match = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(entry);
    const file = path.join(dir, entry, 'checks.json');
    if (!match || !fs.existsSync(file)) {
      continue;
    }
    const checks = JSON.parse(fs.readFileSync(file, 'utf8'));
    const failed = checks.filter((check) => check.status !== 'SUCCESS' && check.status !== 'INFO');
    scenarios.set(match[1], {
      passed: checks.length > 0 && failed.length === 0,
      counts: `${checks.length - failed.length}/${checks.length} checks`,
      errors: failed.map((check) => `${check.name}: ${check.errorMessage ?? check.status}`),
    });
  }
  return scenarios;
}

function print(title, scenarios) {
  const passed = [...scenarios].filter(([, r]) => r.passed).map(([name]) => name);
  const failed = [...scenarios].filter(([, r]) => !r.passed);
  console.log(`${title}: ${passed.length} of ${scenarios.size} scenarios passed`);
  console.log(`  passed: ${passed.join(' ')}`);
  for (const [name, r] of failed) {
    console.log(`  FAILED: ${name} (${r.counts}): ${r.errors.join('; ').slice(0, 300)}`);
  }
}

const [offDir, onDir, expectedArg] = process.argv.slice(2);
const expected = Number(expectedArg);
const off = results(offDir);
const on = results(onDir);
print('Guard off (plain Spring AI)', off);
print('Guard on (MCP Guard, every layer)', on);

const problems = [];
if (!(expected > 0) || off.size !== expected || on.size !== expected) {
  problems.push(`each run must hold ${expectedArg} scenarios (guard off: ${off.size}, guard on: ${on.size})`);
}
for (const [name, r] of off) {
  if (r.passed && !on.get(name)?.passed) {
    problems.push(`${name} passes with the guard off and ${on.has(name) ? 'fails' : 'is missing'} with it on`);
  }
}
if (!on.get('dns-rebinding-protection')?.passed) {
  problems.push('dns-rebinding-protection does not pass with the guard on and default network settings');
}
const bothFail = [...off].filter(([name, r]) => !r.passed && on.has(name) && !on.get(name).passed).map(([name]) => name);
console.log(`Failing in both runs: ${bothFail.join(' ') || 'none'}`);
if (problems.length > 0) {
  for (const problem of problems) {
    console.error(`FAIL: ${problem}`);
  }
  process.exit(1);
}
console.log('PASS: no scenario is lost with the guard on, and dns-rebinding-protection passes');
