/**
 * The indexer's correctness suite on a real Postgres (test/helpers/indexer-scenario.ts): a throwaway cluster of
 * Debian's `postgresql` on 127.0.0.1. Never skipped: without Postgres installed it fails, saying what to install
 * (`.ci/run` installs it).
 */
import { correctnessSuite } from "./helpers/indexer-scenario.js";

correctnessSuite("postgres");
