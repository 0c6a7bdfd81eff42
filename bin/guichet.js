#!/usr/bin/env node
// Runs on Node 24 (npm puts node_modules/.bin first on PATH, where the `node@24` package lives),
// which executes the TypeScript sources directly.
import '../src/cli/main.ts';
