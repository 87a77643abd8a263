// Runs the CLI in this process and reports its peak memory on stderr's last line.
import { main } from '../dist/bundle/main.mjs';

const silent = { out: () => {}, err: () => {}, env: process.env, cwd: process.cwd() };
const code = await main(process.argv.slice(2), silent);
process.stderr.write(`\nBENCH ${JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
