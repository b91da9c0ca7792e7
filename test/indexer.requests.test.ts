/** The indexer's feature requests on embedded PGlite (test/helpers/indexer-requests.ts). */
import { requestsSuite } from "./helpers/indexer-requests.js";

requestsSuite("pglite");
