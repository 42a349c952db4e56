/**
 * Prints one closing line per test kind and a total, in the plain form CI reads:
 * "unit: 12 passed, 0 failed" … "total: 80 passed, 0 failed, 1 skipped".
 */
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const byProject = new Map<string, { passed: number; failed: number; skipped: number }>();
    for (const module of testModules) {
      const name = module.project.name || "tests";
      const counts = byProject.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      const failedBefore = counts.failed;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
      // A file that failed outside any test (a hook, an import) counts as one failure.
      if (module.state() === "failed" && counts.failed === failedBefore) counts.failed++;
      byProject.set(name, counts);
    }
    const total = { passed: 0, failed: 0, skipped: 0 };
    const lines = [...byProject].map(([name, c]) => {
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
      return `${name}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}`;
    });
    lines.push(`total: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
    process.stdout.write(`\n${lines.join("\n")}\n`);
  }
}
