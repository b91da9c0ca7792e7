/**
 * The indexer's correctness suite (test/helpers/indexer-scenario.ts) and its feature requests
 * (test/helpers/indexer-requests.ts) on a real Postgres: a throwaway cluster of Debian's `postgresql` on 127.0.0.1.
 * Never skipped: without Postgres installed it fails, saying what to install (`.ci/run` installs it).
 */
import { requestsSuite } from "./helpers/indexer-requests.js";
import { correctnessSuite } from "./helpers/indexer-scenario.js";

correctnessSuite("postgres");
requestsSuite("postgres");
