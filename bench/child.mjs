// Runs the CLI in this process and reports its peak memory on stderr's last line.
import { loadMain } from '../bin/load-main.js';

const silent = { out: () => {}, err: () => {}, env: process.env, cwd: process.cwd() };
const argv = process.argv.slice(2);
const code = await loadMain(argv)(argv, silent);
process.stderr.write(`\nBENCH ${JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
