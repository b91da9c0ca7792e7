/** The indexer's correctness suite on embedded PGlite (test/helpers/indexer-scenario.ts). */
import { correctnessSuite } from "./helpers/indexer-scenario.js";

correctnessSuite("pglite");
