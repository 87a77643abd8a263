#!/usr/bin/env node
import { loadMain } from './load-main.js';

process.exitCode = await loadMain()(process.argv.slice(2));
