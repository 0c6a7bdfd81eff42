import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration files each get their own database and Dovecot user; two at a time keeps a
    // 2-core machine responsive while the crash tests spawn real worker processes.
    maxWorkers: 2,
  },
});
