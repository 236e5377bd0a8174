// Preloaded into each benchmarked process: writes its CPU time and peak memory when it exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.BENCH_USAGE_FILE;
  if (!file) return;
  const usage = process.resourceUsage();
  writeFileSync(file, JSON.stringify({ cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, maxRssKiB: usage.maxRSS }));
});
