import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the CLI a dozen times in a row; on a 2-core CI machine running test
    // files side by side, each spawn can take several times as long as on a quiet one.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // GitHub's workflow parser imports its schema JSON without an import attribute, which Node refuses;
    // bundled by Vite first, it loads.
    deps: { optimizer: { ssr: { enabled: true, include: ['@actions/workflow-parser'] } } },
  },
});
