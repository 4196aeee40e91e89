#!/usr/bin/env node
import { main } from "../dist/src/cli/main.js";

await main(process.argv);
// Nothing sockstep opened outlives the run; stdin left readable must not keep the process up.
process.exit(process.exitCode ?? 0);
